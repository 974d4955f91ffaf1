import type { ClusterInfoDto } from '@/lib/wire/dto';
import { fetchResult } from './fetch';

export const clusterKeys = {
  info: (context: string) => ['cluster', context, 'info'] as const,
};

export function clusterInfoQuery(context: string, apiBase: string) {
  return {
    queryKey: clusterKeys.info(context),
    queryFn: () => fetchResult<ClusterInfoDto>(`${apiBase}/api/cluster`),
    refetchInterval: 15_000,
  };
}
