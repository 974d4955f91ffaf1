import type { Metadata } from 'next';
import { PolicyForm } from '@/components/policies/policy-form';
import { ErrorBanner } from '@/components/ui/error-banner';
import { can } from '@/lib/k8s/access';
import { firstParam } from '@/lib/nav/search-params';
import { listServices } from '@/lib/k8s/services';
import { GROUP, RESOURCE } from '@/lib/policy/model';
import { listBackendNames } from '@/lib/k8s/backends';
import { namesByNamespace } from '@/lib/present/names';
import { requireSession } from '@/lib/k8s/session';

export const metadata: Metadata = { title: 'New BackendConfigPolicy' };

export default async function NewPolicyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const session = await requireSession();
  const [services, backends] = await Promise.all([listServices(session), listBackendNames(session)]);
  if (!services.ok) return <ErrorBanner error={services.error} />;
  const index = namesByNamespace(services.value);
  const namespace = firstParam(sp, 'namespace') ?? Object.keys(index).sort()[0] ?? 'default';
  // Server-side apply of a new object needs both verbs.
  const [create, patch] = await Promise.all([
    can(session, 'create', RESOURCE, GROUP, namespace),
    can(session, 'patch', RESOURCE, GROUP, namespace),
  ]);
  return (
    <>
      <h1>New BackendConfigPolicy</h1>
      <PolicyForm
        defaultNamespace={namespace}
        defaultService={firstParam(sp, 'service')}
        servicesByNamespace={index}
        backendsByNamespace={namesByNamespace(backends)}
        permissions={{ write: create.allowed ? patch : create }}
      />
    </>
  );
}
