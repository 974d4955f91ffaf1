'use client';

import { useQuery } from '@tanstack/react-query';
import type { ClusterInfoDto } from '@/lib/wire/dto';
import type { Result } from '@/lib/wire/errors';
import { clusterInfoQuery } from '@/lib/query/cluster';
import { toAppError } from '@/lib/query/fetch';
import { useClusterHref } from '@/components/ui/use-cluster';
import { ClusterSummary } from './cluster-summary';
import { Unreachable } from './unreachable';

/** The cluster the dashboard is connected to; re-checked every 15 s so a dead API server shows. */
export function ClusterStatus({ initial, context }: { initial: Result<ClusterInfoDto>; context: string }) {
  const href = useClusterHref();
  const { data, error, dataUpdatedAt } = useQuery({
    ...clusterInfoQuery(context, href('')),
    initialData: initial.ok ? initial.value : undefined,
    // The server's time of the first answer, so server and browser render the same "Checked".
    initialDataUpdatedAt: initial.ok ? initial.value.checkedAt : undefined,
  });
  if (data && !error) return <ClusterSummary info={data} checkedAt={dataUpdatedAt} />;
  const shown = error ? toAppError(error) : !initial.ok ? initial.error : undefined;
  if (!shown)
    return (
      <p role="status" className="muted">
        Asking the API server…
      </p>
    );
  return <Unreachable message={shown.message} kind={shown.kind} />;
}
