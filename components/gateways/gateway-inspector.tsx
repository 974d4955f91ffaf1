'use client';

import { useEffect, useRef, useState } from 'react';
import type { ServiceOnGatewayDto } from '@/lib/wire/dto';
import type { AppError } from '@/lib/wire/errors';
import { formatBytes } from '@/lib/present/format';
import { readEvents, type InspectEvent } from '@/lib/inspect/events';
import { fetchOk, toAppError } from '@/lib/query/fetch';
import { useClusterContext, useClusterHref } from '@/components/ui/use-cluster';
import { syncKeys } from '@/lib/query/sync';
import { setRead } from '@/components/ui/use-read';
import { clusterViewAnswered, syncHoldKey } from '@/components/inspect/sync-hold';
import { LIVE_EVENT, type LiveChange } from '@/lib/live/kinds';
import { replicaInEffect } from '@/lib/inspect/replica-verdict';
import { ErrorBanner } from '@/components/ui/error-banner';
import { ReplicaCard } from './replica-card';
import { FindingsList } from '@/components/inspect/findings-list';

interface Props {
  gateway: { namespace: string; name: string };
  service: { namespace: string; name: string; port: number };
  /** Line ranges of a shared link to light up, per pod: `{ "http-x": [12, 18] }`. */
  marked?: Record<string, [number, number]>;
  onView?: (view: ServiceOnGatewayDto) => void;
  /** Read only this replica. */
  pod?: string;
  /** The first view, read by the server with the page; without it the first view is fetched. */
  initial?: ServiceOnGatewayDto;
  /** The same view with the replicas' sync state, when the server had to send `initial` without it. */
  completing?: Promise<ServiceOnGatewayDto | undefined>;
}

interface State {
  loading: boolean;
  progress: Record<string, number>;
  view?: ServiceOnGatewayDto;
  error?: AppError;
  fetchedAt?: number;
}

/** While a walkthrough waits for a change to reach Envoy: fetch again this often, this long. */
const FOLLOW_EVERY_MS = 4_000;
const FOLLOW_FOR_MS = 90_000;

async function streamInspect(url: string, signal: AbortSignal, onEvent: (e: InspectEvent) => void): Promise<void> {
  const res = await fetchOk(url, { signal });
  if (res.body) await readEvents<InspectEvent>(res.body, onEvent);
}

/**
 * Fetches every replica's dump through the server, showing bytes as they arrive, then the
 * verdicts. When a policy in the Service's namespace or a pod of the Gateway changes, it fetches
 * again until every replica agrees (or FOLLOW_FOR_MS passes), keeping the last answer on screen.
 */
export function GatewayInspector({ gateway, service, marked, onView, pod, initial, completing }: Props) {
  const href = useClusterHref();
  const context = useClusterContext() ?? '';
  const [state, setState] = useState<State>(() =>
    initial ? { loading: false, progress: {}, view: initial, fetchedAt: Date.now() } : { loading: true, progress: {} },
  );
  // A first view from the server is not fetched again: the sync state it went out without comes
  // as `completing`, from the same read (a second read would become the 'previous fetch').
  const skipFirst = useRef(!!initial);
  const initialView = useRef(initial);
  const completingView = useRef(completing);
  const [fetches, setFetches] = useState(0);
  // Opening the view counts as a change: a first answer that is not settled yet is followed too.
  const [changeAt, setChangeAt] = useState(() => Date.now());
  const [auto, setAuto] = useState(true);
  const startedAt = useRef(0);
  const viewListener = useRef(onView);
  useEffect(() => {
    viewListener.current = onView;
  }, [onView]);
  const query = new URLSearchParams({ service: `${service.namespace}/${service.name}`, port: String(service.port), ...(pod && { pod }) });
  const url = href(`/api/gateways/${encodeURIComponent(gateway.namespace)}/${encodeURIComponent(gateway.name)}/inspect?${query}`);

  useEffect(() => {
    // The Gateway's sync panel waits for this view's first answer (components/inspect/sync-hold.ts).
    const release = () => clusterViewAnswered(syncHoldKey(gateway.namespace, gateway.name));
    if (skipFirst.current) {
      skipFirst.current = false;
      startedAt.current = Date.now();
      if (initialView.current) viewListener.current?.(initialView.current);
      if (initialView.current?.sync) setRead(syncKeys.gateway(context, gateway.namespace, gateway.name), initialView.current.sync);
      let gone = false;
      const completing = completingView.current;
      // The sync panel waits for the sync state this view completes with, not only for the view:
      // released at once, it would ask for it itself, a second heavy read of every replica's Envoy
      // beside the next cluster view (on a 50,000-cluster Envoy it made "Fetch again" ×2 slower).
      // (The promise came from the server: React's thenable, whose then() returns nothing to chain.)
      if (!completing) release();
      else
        void Promise.resolve(completing)
          .then((view) => {
            if (gone || !view) return;
            setState((s) => (s.view === initialView.current ? { ...s, view } : s));
            viewListener.current?.(view);
            if (view.sync) setRead(syncKeys.gateway(context, gateway.namespace, gateway.name), view.sync);
          })
          .finally(release);
      return () => {
        gone = true;
      };
    }
    const controller = new AbortController();
    startedAt.current = Date.now();
    streamInspect(url, controller.signal, (e) => {
      if (e.type === 'progress') return setState((s) => ({ ...s, loading: true, progress: { ...s.progress, [e.pod]: e.bytes } }));
      release();
      if (e.result.ok) {
        setState({ loading: false, progress: {}, view: e.result.value, fetchedAt: Date.now() });
        viewListener.current?.(e.result.value);
        if (e.result.value.sync) setRead(syncKeys.gateway(context, gateway.namespace, gateway.name), e.result.value.sync);
      } else setState({ loading: false, progress: {}, error: e.result.error, fetchedAt: Date.now() });
    })
      .finally(release)
      .catch((e: unknown) => {
        if (!controller.signal.aborted)
          setState((s) => ({
            ...s,
            loading: false,
            error: toAppError(e),
          }));
      });
    return () => {
      release();
      controller.abort();
    };
  }, [url, fetches, gateway.namespace, gateway.name, context]);

  // A change that can move the verdict starts (or extends) a follow.
  useEffect(() => {
    const onChange = (ev: Event) => {
      const c = (ev as CustomEvent<LiveChange>).detail;
      const relevant =
        (c.kind === 'backendconfigpolicies' && c.namespace === service.namespace) ||
        (c.kind === 'pods' && c.namespace === gateway.namespace) ||
        (c.kind === 'services' && c.namespace === service.namespace && c.name === service.name);
      if (relevant) setChangeAt(Date.now());
    };
    window.addEventListener(LIVE_EVENT, onChange);
    return () => window.removeEventListener(LIVE_EVENT, onChange);
  }, [service.namespace, service.name, gateway.namespace]);

  const settled = !!state.view && state.view.replicas.every(replicaInEffect);
  useEffect(() => {
    if (!auto || state.loading || !state.fetchedAt || !changeAt || Date.now() - changeAt > FOLLOW_FOR_MS) return;
    const changedSince = changeAt > startedAt.current;
    if (!changedSince && settled) return;
    const t = setTimeout(() => setFetches((n) => n + 1), changedSince ? 300 : FOLLOW_EVERY_MS);
    return () => clearTimeout(t);
  }, [auto, state.loading, state.fetchedAt, changeAt, settled]);

  const entries = Object.entries(state.progress);
  const following = auto && changeAt > 0 && !settled && !!state.fetchedAt && state.fetchedAt - changeAt < FOLLOW_FOR_MS;
  const toolbar = (
    <div className="toolbar">
      <button type="button" className="secondary" disabled={state.loading} onClick={() => setFetches((n) => n + 1)}>
        Fetch again
      </button>
      <label className="small">
        <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} /> Fetch again when the cluster changes
      </label>
      <span role="status" aria-label="Dump fetch" data-testid="dump-progress" className="muted small">
        {state.loading
          ? `Fetching the config dumps through the API server…${entries.length ? ` ${entries.map(([pod, b]) => `${pod}: ${formatBytes(b)}`).join(' · ')}` : ''}`
          : following
            ? 'Waiting for the change to reach every replica…'
            : ''}
      </span>
    </div>
  );
  if (!state.view) {
    return (
      <section className="card" aria-label="Summary" aria-busy={state.loading}>
        {toolbar}
        {state.error && <ErrorBanner error={state.error} />}
      </section>
    );
  }
  const view = state.view;
  return (
    <>
      <section className="card" aria-label="Summary" aria-busy={state.loading}>
        {toolbar}
        {state.error && <ErrorBanner error={state.error} />}
        <p data-testid="policy-summary">
          {view.policy ? (
            <>
              tcpKeepalive from policy <strong>{view.policy.name}</strong>
              {view.policy.overridden.length > 0 && ` (overrides ${view.policy.overridden.join(', ')})`}
            </>
          ) : (
            'No BackendConfigPolicy sets tcpKeepalive for this Service.'
          )}
        </p>
        <p data-testid="replica-summary">{summary(view.replicas)}</p>
        {view.comparisons.map((c) => (
          <div key={c.right} className="small" data-testid="replica-comparison">
            {c.differences.length === 0 ? (
              `${c.left} and ${c.right} hold the same cluster.`
            ) : (
              <>
                {c.left} and {c.right} differ:{' '}
                {c.differences
                  .map((d) => `${d.path} (${JSON.stringify(d.left) ?? 'unset'} vs ${JSON.stringify(d.right) ?? 'unset'})`)
                  .join('; ')}
              </>
            )}
          </div>
        ))}
      </section>
      {view.findings && (
        <section className="card" aria-label="Why is it in effect or not">
          <h2>Why is it in effect, or not?</h2>
          <FindingsList findings={view.findings} empty="Nothing stands in the way: no finding for this Service port." />
          {view.syncPending && (
            <p role="status" className="muted small" data-testid="sync-pending">
              Reading whether each replica runs what kgateway sends; findings about it follow.
            </p>
          )}
        </section>
      )}
      {view.replicas.map((r) => (
        <ReplicaCard
          key={r.pod}
          replica={r}
          gateway={gateway}
          targeting={view.targeting}
          serviceNamespace={service.namespace}
          marked={marked?.[r.pod]}
          only={pod ? 'this' : view.replicas.length > 1 ? 'all' : undefined}
        />
      ))}
    </>
  );
}

function summary(replicas: ServiceOnGatewayDto['replicas']): string {
  const good = replicas.filter(replicaInEffect).length;
  const down = replicas.filter((r) => r.error).length;
  return `In effect on ${good} of ${replicas.length} replicas${down ? `; ${down} unreachable` : ''}.`;
}
