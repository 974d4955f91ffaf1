'use client';

import type { GatewaySync, TypeSync } from '@/lib/inspect/sync';
import { fetchGatewaySync, syncKeys } from '@/lib/query/sync';
import { toAppError } from '@/lib/query/fetch';
import { ErrorBanner } from '@/components/ui/error-banner';
import { LocalTime } from '@/components/ui/local-time';
import { useClusterContext, useClusterHref } from '@/components/ui/use-cluster';
import { useRead } from '@/components/ui/use-read';
import { syncHoldKey, useSyncHeld } from './sync-hold';
import { SyncBadge } from './sync-badge';
import { SYNC_EVERY_MS } from './sync-every';

/** `afterClusterView`: the page opens on a cluster view of this Gateway; wait for its first answer. */
export function useGatewaySync(namespace: string, name: string, afterClusterView = false) {
  const href = useClusterHref();
  const context = useClusterContext() ?? '';
  const held = useSyncHeld(syncHoldKey(namespace, name), afterClusterView);
  return useRead({
    key: syncKeys.gateway(context, namespace, name),
    read: (signal) => fetchGatewaySync(href, namespace, name, signal),
    enabled: !held,
    every: SYNC_EVERY_MS,
    retry: false,
  });
}

function TypeCell({ t }: { t?: TypeSync }) {
  if (!t) return <td className="muted">—</td>;
  return (
    <td data-type={t.type} data-state={t.state}>
      <SyncBadge state={t.state} />
      <div className="small">
        Envoy holds <code>{t.held ?? 'nothing'}</code>
      </div>
      {t.desired !== t.held && (
        <div className="small">
          kgateway sends <code>{t.desired ?? 'unknown'}</code>
        </div>
      )}
      {t.received && t.received !== t.held && (
        <div className="small muted">
          received <code>{t.received}</code>
        </div>
      )}
    </td>
  );
}

/** Every replica of a Gateway against what kgateway means to send, as `istioctl proxy-status` shows it. */
export function SyncPanel({ namespace, name, afterClusterView }: { namespace: string; name: string; afterClusterView?: boolean }) {
  const { data, error, isPending } = useGatewaySync(namespace, name, afterClusterView);
  return (
    <section className="card" aria-label="Sync with kgateway" data-testid="sync-panel">
      <h2>Sync with kgateway {data && <SyncBadge state={data.state} />}</h2>
      {isPending && <p className="muted small">Reading kgateway and every replica…</p>}
      {error && <ErrorBanner error={toAppError(error)} />}
      {data && <SyncDetails sync={data} />}
    </section>
  );
}

function SyncDetails({ sync }: { sync: GatewaySync }) {
  return (
    <>
      <p data-testid="sync-summary">{sync.summary}</p>
      {sync.controller.error ? (
        <p className="small bad" data-testid="controller-error">
          kgateway&apos;s admin could not be read: {sync.controller.error.message}
        </p>
      ) : (
        <p className="small muted">
          What kgateway means to send: <code>/snapshots/xds</code> of pod {sync.controller.pod}, read{' '}
          {sync.controller.readAt && <LocalTime at={sync.controller.readAt} />}.
          {sync.rejects.length > 0 &&
            ` kgateway counted ${sync.rejects.reduce((n, r) => n + r.total, 0)} refused update${sync.rejects.reduce((n, r) => n + r.total, 0) === 1 ? '' : 's'} for this Gateway since it started (kgateway_envoy_xds_rejects_total).`}
        </p>
      )}
      {sync.pending.length > 0 && (
        <ul className="small" aria-label="Policies kgateway has not translated">
          {sync.pending.map((p) => (
            <li key={p.policy} data-testid="pending-policy">
              Policy {p.policy} is at generation {p.generation}; kgateway last wrote status for generation {p.observed}.
            </li>
          ))}
        </ul>
      )}
      <table className="sync-table">
        <thead>
          <tr>
            <th>Replica</th>
            <th>State</th>
            <th>Clusters (CDS)</th>
            <th>Listeners (LDS)</th>
            <th>Routes (RDS)</th>
            <th>Last update</th>
          </tr>
        </thead>
        <tbody>
          {sync.replicas.map((r) => (
            <tr key={r.pod} data-pod={r.pod} data-state={r.state}>
              <td>
                <code>{r.pod}</code>
              </td>
              <td>
                <SyncBadge state={r.state} />
                {r.error && <div className="small bad">{r.error.message}</div>}
              </td>
              <TypeCell t={r.types.find((t) => t.type === 'clusters')} />
              <TypeCell t={r.types.find((t) => t.type === 'listeners')} />
              <TypeCell t={r.types.find((t) => t.type === 'routes')} />
              <td className="small">
                {r.lastUpdate ? <LocalTime at={r.lastUpdate} /> : '—'}
                {r.rejectedUpdates > 0 && <div className="muted">{r.rejectedUpdates} refused since Envoy started</div>}
                {!!r.warmingClusters && (
                  <div className="muted" data-testid="warming-clusters">
                    {r.warmingClusters} cluster{r.warmingClusters > 1 ? 's' : ''} warming: Envoy asks for no cluster update until{' '}
                    {r.warmingClusters > 1 ? 'they are' : 'it is'} ready
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sync.replicas.map((r) =>
        r.state === 'REJECTED' || r.rejections.length ? (
          <div
            key={r.pod}
            className={r.state === 'REJECTED' ? 'card card-warning' : 'small muted'}
            data-testid="rejections"
            data-pod={r.pod}
          >
            {r.state === 'REJECTED' ? <strong>Rejected by Envoy on {r.pod}. </strong> : <span>Earlier refusals on {r.pod}: </span>}
            {r.rejections.length === 0 &&
              (r.rejectionsError
                ? `Its log could not be read: ${r.rejectionsError.message}`
                : 'Its log names no refusal in its last lines.')}
            <ul>
              {r.rejections.map((x) => (
                <li key={`${x.at}${x.resource}`}>
                  {x.resource}: <q>{x.message}</q> {x.count > 1 ? `${x.count} times, last ` : ''}
                  {x.at && <LocalTime at={x.at} />}
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
      <p className="small muted">Endpoints (EDS) are not compared: Envoy&apos;s dump carries no version for them.</p>
    </>
  );
}
