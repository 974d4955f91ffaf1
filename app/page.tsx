import { connection } from 'next/server';
import { getClusterInfo } from '@/lib/k8s/cluster';
import { ClusterStatus } from '@/components/cluster/cluster-status';

export default async function OverviewPage() {
  await connection(); // always read the cluster at request time, never at build time
  const initial = await getClusterInfo();
  return <ClusterStatus initial={initial} />;
}
