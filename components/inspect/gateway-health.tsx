'use client';

import Link from 'next/link';
import type { GatewaySync } from '@/lib/inspect/sync';
import { fetchGatewaySync, syncKeys } from '@/lib/query/sync';
import { useClusterContext, useClusterHref } from '@/components/ui/use-cluster';
import { useRead } from '@/components/ui/use-read';
import { LocalTime } from '@/components/ui/local-time';
import { SyncBadge } from './sync-badge';
import { SYNC_EVERY_MS } from './sync-every';

function One({ namespace, name }: { namespace: string; name: string }) {
  const href = useClusterHref();
  // The same key as the Gateway page's sync panel: opening it shows this answer at once.
  const { data, error, dataUpdatedAt } = useRead<GatewaySync>({
    key: syncKeys.gateway(useClusterContext() ?? '', namespace, name),
    read: (signal) => fetchGatewaySync(href, namespace, name, signal),
    every: SYNC_EVERY_MS,
    retry: false,
  });
  const synced = data ? data.replicas.filter((r) => r.state === 'SYNCED').length : 0;
  const rejected = data ? data.replicas.reduce((n, r) => n + r.rejectedUpdates, 0) : 0;
  const last = data?.replicas
    .map((r) => r.lastUpdate)
    .filter(Boolean)
    .sort()
    .at(-1);
  return (
    <li data-gateway={`${namespace}/${name}`}>
      <Link href={href(`/gateways/${namespace}/${name}`)}>
        {namespace}/{name}
      </Link>{' '}
      {data ? (
        // A later read that failed leaves the last answer shown, marked with its time: not as if it were now.
        <span
          className={error ? 'stale' : undefined}
          data-stale={error ? '' : undefined}
          title={[
            error && `Not read again: ${error.message}`,
            data.summary,
            last && `Last update ${last}`,
            rejected && `${rejected} updates refused since the replicas started`,
          ]
            .filter(Boolean)
            .join(' · ')}
        >
          <SyncBadge state={data.state} />{' '}
          <span className="small muted">
            {synced}/{data.replicas.length} synced
            {error && (
              <>
                {' '}
                as of <LocalTime at={dataUpdatedAt} />, not read since
              </>
            )}
          </span>
        </span>
      ) : error ? (
        <span className="small muted">health unknown</span>
      ) : (
        <span className="small muted">…</span>
      )}
    </li>
  );
}

/** Every Gateway at a glance: is each replica running what kgateway sends? */
export function GatewayHealth({ gateways }: { gateways: { namespace: string; name: string }[] }) {
  if (gateways.length === 0) return null;
  return (
    <nav aria-label="Gateway health" className="gateway-health">
      <span className="small muted">Gateways:</span>
      <ul>
        {gateways.map((g) => (
          <One key={`${g.namespace}/${g.name}`} {...g} />
        ))}
      </ul>
    </nav>
  );
}
