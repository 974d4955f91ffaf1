import type { ReactNode } from 'react';
import { ErrorBanner } from '@/components/ui/error-banner';
import { RememberContext } from '@/components/ui/use-cluster';
import { getSession } from '@/lib/k8s/session';

// Every page under /c/<context>/ reads that kubeconfig context. An unknown name is said here once,
// with the names there are; the proxy has already answered it with 404.
export default async function ClusterLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  if (!session.ok) return <ErrorBanner error={session.error} />;
  return (
    <>
      <RememberContext context={session.value.context} />
      {children}
    </>
  );
}
