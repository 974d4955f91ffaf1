import { connection } from 'next/server';
import { PolicyForm } from '@/components/policies/policy-form';
import { ErrorBanner } from '@/components/ui/error-banner';
import { can } from '@/lib/k8s/access';
import { contextParam, firstParam } from '@/lib/k8s/context-param';
import { listServices } from '@/lib/k8s/services';
import { GROUP, RESOURCE } from '@/lib/policy/model';
import { listBackendNames } from '@/lib/k8s/backends';
import { namesByNamespace } from '@/lib/services-index';

export default async function NewPolicyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const sp = await searchParams;
  const ctx = contextParam(sp);
  if (!ctx.ok) return <ErrorBanner error={ctx.error} />;
  const context = ctx.value;
  const [services, backends] = await Promise.all([listServices(context), listBackendNames(context)]);
  if (!services.ok) return <ErrorBanner error={services.error} />;
  const index = namesByNamespace(services.value);
  const namespace = firstParam(sp, 'namespace') ?? Object.keys(index).sort()[0] ?? 'default';
  // Server-side apply of a new object needs both verbs.
  const [create, patch] = await Promise.all([
    can(context, 'create', RESOURCE, GROUP, namespace),
    can(context, 'patch', RESOURCE, GROUP, namespace),
  ]);
  return (
    <>
      <h1>New keepalive policy</h1>
      <PolicyForm
        context={context}
        defaultNamespace={namespace}
        defaultService={firstParam(sp, 'service')}
        servicesByNamespace={index}
        backendsByNamespace={namesByNamespace(backends)}
        permissions={{ write: create.allowed ? patch : create }}
      />
    </>
  );
}
