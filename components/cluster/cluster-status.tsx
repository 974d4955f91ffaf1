'use client';

import { useQuery } from '@tanstack/react-query';
import type { Result } from '@/lib/errors';
import type { ClusterInfoDto } from '@/lib/dto';
import { clusterInfoQuery } from '@/lib/query/cluster';
import { ClusterSummary } from './cluster-summary';
import { Unreachable } from './unreachable';

/** The cluster the dashboard is connected to; re-checked every 15 s so a dead API server shows. */
export function ClusterStatus({ initial }: { initial: Result<ClusterInfoDto> }) {
  const { data, error, dataUpdatedAt } = useQuery({ ...clusterInfoQuery, initialData: initial });
  if (error && !data) return <Unreachable message={`The dashboard server did not answer: ${error.message}`} />;
  return data.ok ? (
    <ClusterSummary info={data.value} checkedAt={dataUpdatedAt} />
  ) : (
    <Unreachable message={data.error.message} kind={data.error.kind} />
  );
}
