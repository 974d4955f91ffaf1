'use client';

import { useEffect, useState } from 'react';
import type { ServiceOnGatewayDto } from '@/lib/dto';
import type { DumpComparison } from '@/lib/envoy/compare';
import type { AppError } from '@/lib/errors';
import { formatBytes } from '@/lib/format';
import { readEvents, type InspectEvent } from '@/lib/inspect-events';
import { withContext } from '@/lib/links';
import { replicaInEffect } from '@/lib/replica-verdict';
import { ComparisonList } from '@/components/dumps/comparison-list';
import { ErrorBanner } from '@/components/ui/error-banner';
import { ReplicaCard } from './replica-card';

interface Props {
  context?: string;
  gateway: { namespace: string; name: string };
  service: { namespace: string; name: string; port: number };
}

type State =
  | { phase: 'loading'; progress: Record<string, number> }
  | { phase: 'done'; view: ServiceOnGatewayDto }
  | { phase: 'failed'; error: AppError };

async function streamInspect(url: string, signal: AbortSignal, onEvent: (e: InspectEvent) => void): Promise<void> {
  const res = await fetch(url, { signal });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? `HTTP ${res.status}`);
  }
  await readEvents<InspectEvent>(res.body, onEvent);
}

/** Fetches every replica's dump through the server, showing bytes as they arrive, then the verdicts. */
export function GatewayInspector({ context, gateway, service }: Props) {
  const [state, setState] = useState<State>({ phase: 'loading', progress: {} });
  const [fetches, setFetches] = useState(0);
  const url = withContext(`/api/gateways/${gateway.namespace}/${gateway.name}/inspect?service=${service.namespace}/${service.name}&port=${service.port}`, context);

  useEffect(() => {
    const controller = new AbortController();
    streamInspect(url, controller.signal, (e) => {
      if (e.type === 'progress') setState((s) => (s.phase === 'loading' ? { phase: 'loading', progress: { ...s.progress, [e.pod]: e.bytes } } : s));
      else setState(e.result.ok ? { phase: 'done', view: e.result.value } : { phase: 'failed', error: e.result.error });
    }).catch((e: unknown) => {
      if (!controller.signal.aborted) setState({ phase: 'failed', error: { kind: 'unavailable', message: `The dashboard's server did not answer: ${(e as Error).message}` } });
    });
    return () => controller.abort();
  }, [url, fetches]);

  if (state.phase === 'failed') return <ErrorBanner error={state.error} />;
  if (state.phase === 'loading') {
    const entries = Object.entries(state.progress);
    return (
      <section className="card" aria-label="Fetching config dumps" aria-busy="true">
        <p role="status" data-testid="dump-progress">
          Fetching the config dumps through the API server…{' '}
          {entries.length > 0 && entries.map(([pod, bytes]) => `${pod}: ${formatBytes(bytes)}`).join(' · ')}
        </p>
      </section>
    );
  }
  const view = state.view;
  return (
    <>
      <section className="card" aria-label="Summary">
        <p data-testid="policy-summary">
          {view.policy
            ? <>tcpKeepalive from policy <strong>{view.policy.name}</strong>{view.policy.overridden.length > 0 && ` (overrides ${view.policy.overridden.join(', ')})`}</>
            : 'No BackendConfigPolicy sets tcpKeepalive for this Service.'}
        </p>
        <p data-testid="replica-summary">{summary(view.replicas)}</p>
        {view.comparisons.map((c) => (
          <div key={c.right} className="small" data-testid="replica-comparison">
            {c.differences.length === 0
              ? `${c.left} and ${c.right} hold the same cluster.`
              : <>{c.left} and {c.right} differ: {c.differences.map((d) => `${d.path} (${JSON.stringify(d.left) ?? 'unset'} vs ${JSON.stringify(d.right) ?? 'unset'})`).join('; ')}</>}
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => { setState({ phase: 'loading', progress: {} }); setFetches((n) => n + 1); }}>Fetch again</button>
      </section>
      {view.replicas.map((r) => (
        <ReplicaCard key={r.pod} replica={r} context={context} targeting={view.targeting} serviceNamespace={service.namespace} />
      ))}
    </>
  );
}

function summary(replicas: ServiceOnGatewayDto['replicas']): string {
  const good = replicas.filter(replicaInEffect).length;
  const down = replicas.filter((r) => r.error).length;
  return `In effect on ${good} of ${replicas.length} replicas${down ? `; ${down} unreachable` : ''}.`;
}

/** The clusters that changed in one pod between its previous fetch and this one. */
export function CompareWithPrevious({ previousId, currentId }: { previousId: string; currentId: string }) {
  const [result, setResult] = useState<DumpComparison | string>();
  const load = async () => {
    const res = await fetch(`/api/dumps/compare?left=${previousId}&right=${currentId}`);
    const body = (await res.json()) as { comparison?: DumpComparison; error?: string };
    setResult(body.comparison ?? body.error ?? `HTTP ${res.status}`);
  };
  if (result === undefined) return <button type="button" className="secondary" onClick={() => void load()}>Compare with this pod&apos;s previous fetch</button>;
  if (typeof result === 'string') return <p role="alert" className="bad">{result}</p>;
  return <ComparisonList result={result} testId="previous-comparison" lead="Since this pod's previous fetch:" />;
}
