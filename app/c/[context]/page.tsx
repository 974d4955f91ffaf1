import type { Metadata } from 'next';
import { ClusterStatus } from '@/components/cluster/cluster-status';
import { getClusterInfo } from '@/lib/k8s/cluster';
import { requireSession } from '@/lib/k8s/session';

export const metadata: Metadata = { title: 'Cluster' };

export default async function OverviewPage() {
  const session = await requireSession();
  return <ClusterStatus initial={await getClusterInfo(session)} />;
}
