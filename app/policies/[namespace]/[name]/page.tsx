import { connection } from 'next/server';
import { PolicyForm } from '@/components/policies/policy-form';
import { StatusConditions } from '@/components/policies/status-conditions';
import { ErrorBanner } from '@/components/ui/error-banner';
import { can } from '@/lib/k8s/access';
import { contextParam } from '@/lib/k8s/context-param';
import { getPolicy } from '@/lib/k8s/policies';
import { listServices } from '@/lib/k8s/services';
import { GROUP, RESOURCE } from '@/lib/policy/model';
import { listBackendNames } from '@/lib/k8s/backends';
import { namesByNamespace } from '@/lib/services-index';

interface Props {
  params: Promise<{ namespace: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function EditPolicyPage({ params, searchParams }: Props) {
  await connection();
  const [{ namespace, name }, sp] = await Promise.all([params, searchParams]);
  const ctx = contextParam(sp);
  if (!ctx.ok) return <ErrorBanner error={ctx.error} />;
  const context = ctx.value;
  const [policy, services, backends, patch, remove] = await Promise.all([
    getPolicy(context, namespace, name),
    listServices(context, namespace),
    listBackendNames(context, namespace),
    can(context, 'patch', RESOURCE, GROUP, namespace),
    can(context, 'delete', RESOURCE, GROUP, namespace),
  ]);
  if (!policy.ok) return <ErrorBanner error={policy.error} />;
  const index = services.ok ? namesByNamespace(services.value) : { [namespace]: [] };
  return (
    <>
      <h1>{namespace}/{name}</h1>
      <section className="card" aria-label="Status">
        <h2>Status</h2>
        <StatusConditions policy={policy.value} />
      </section>
      <PolicyForm key={policy.value.resourceVersion} context={context} initial={policy.value} defaultNamespace={namespace}
        servicesByNamespace={index} backendsByNamespace={namesByNamespace(backends)} permissions={{ write: patch, remove }} />
    </>
  );
}
