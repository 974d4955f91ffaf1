import { invalidArgs, objectRefArgs } from '@/lib/http/args';
import type { Metadata } from 'next';
import { PolicyForm } from '@/components/policies/policy-form';
import { StatusConditions } from '@/components/policies/status-conditions';
import { PolicyFindings } from '@/components/inspect/policy-findings';
import { ErrorBanner } from '@/components/ui/error-banner';
import { can } from '@/lib/k8s/access';
import { firstParam } from '@/lib/nav/search-params';
import { CopyPageLink } from '@/components/ui/copy-page-link';
import { getPolicy } from '@/lib/k8s/policies';
import { listServices } from '@/lib/k8s/services';
import { GROUP, RESOURCE } from '@/lib/policy/model';
import { listBackendNames } from '@/lib/k8s/backends';
import { namesByNamespace } from '@/lib/present/names';
import { requireSession } from '@/lib/k8s/session';

interface Props {
  params: Promise<{ namespace: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: { params: Promise<{ namespace: string; name: string }> }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `Policy ${namespace}/${name}` };
}

export default async function EditPolicyPage({ params, searchParams }: Props) {
  const [raw, sp] = await Promise.all([params, searchParams]);
  const session = await requireSession();
  const target = objectRefArgs.safeParse(raw);
  if (!target.success) return <ErrorBanner error={invalidArgs(target.error)} />;
  const { namespace, name } = target.data;
  const [policy, services, backends, patch, remove] = await Promise.all([
    getPolicy(session, namespace, name),
    listServices(session, namespace),
    listBackendNames(session, namespace),
    can(session, 'patch', RESOURCE, GROUP, namespace),
    can(session, 'delete', RESOURCE, GROUP, namespace),
  ]);
  // A link made from this page carries the generation it showed; say what changed since.
  const seen = Number(firstParam(sp, 'generation')) || undefined;
  if (!policy.ok && policy.error.kind === 'not_found' && seen) {
    return (
      <div role="alert" aria-label="Changed since the link" className="card card-warning" data-testid="policy-gone">
        BackendConfigPolicy {namespace}/{name} was deleted since this link was made (the link showed generation {seen}).
      </div>
    );
  }
  if (!policy.ok) return <ErrorBanner error={policy.error} />;
  const index = services.ok ? namesByNamespace(services.value) : { [namespace]: [] };
  return (
    <>
      <div className="title-row">
        <h1>
          {namespace}/{name}
        </h1>
        <CopyPageLink set={{ generation: String(policy.value.generation) }} label="Copy link to this version" />
      </div>
      {seen && seen !== policy.value.generation && (
        <p role="status" aria-label="Changed since the link" className="card card-warning" data-testid="policy-edited">
          Edited since this link was made: it showed generation {seen}, this is generation {policy.value.generation}.
        </p>
      )}
      <section className="card" aria-label="Status">
        <h2>Status</h2>
        <StatusConditions policy={policy.value} />
      </section>
      <PolicyFindings namespace={namespace} name={name} />
      <PolicyForm
        key={policy.value.resourceVersion}
        initial={policy.value}
        defaultNamespace={namespace}
        servicesByNamespace={index}
        backendsByNamespace={namesByNamespace(backends)}
        permissions={{ write: patch, remove }}
      />
    </>
  );
}
