import type { Metadata } from 'next';
import { ClusterStatus } from '@/components/cluster/cluster-status';
import { getClusterInfo } from '@/lib/k8s/cluster';
import { requireSession } from '@/lib/k8s/session';
import { QueryProvider } from '@/components/providers';

export const metadata: Metadata = { title: 'Cluster' };

export default async function OverviewPage() {
  const session = await requireSession();
  const initial = await getClusterInfo(session);
  return (
    <QueryProvider>
      <ClusterStatus initial={initial} context={session.context} />
    </QueryProvider>
  );
}
