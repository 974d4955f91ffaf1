import type { Result } from '@/lib/errors';
import type { ClusterInfoDto } from '@/lib/dto';

export const clusterKeys = {
  info: () => ['cluster', 'info'] as const,
};

export async function fetchClusterInfo(): Promise<Result<ClusterInfoDto>> {
  const res = await fetch('/api/cluster', { cache: 'no-store' });
  if (!res.ok) throw new Error(`The dashboard server answered HTTP ${res.status}`);
  return (await res.json()) as Result<ClusterInfoDto>;
}

export const clusterInfoQuery = {
  queryKey: clusterKeys.info(),
  queryFn: fetchClusterInfo,
  refetchInterval: 15_000,
};
