import { connection } from 'next/server';
import { ReplicaCard } from '@/components/gateways/replica-card';
import { ErrorBanner } from '@/components/ui/error-banner';
import { contextParam, firstParam } from '@/lib/k8s/context-param';
import { inspectServiceOnGateway } from '@/lib/k8s/gateway-inspect';
import { proxyPods } from '@/lib/k8s/gateways';
import { withContext } from '@/lib/links';

interface Props {
  params: Promise<{ namespace: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function GatewayPage({ params, searchParams }: Props) {
  await connection();
  const [{ namespace, name }, sp] = await Promise.all([params, searchParams]);
  const ctx = contextParam(sp);
  if (!ctx.ok) return <ErrorBanner error={ctx.error} />;
  const context = ctx.value;
  const [svcNs, svcName] = (firstParam(sp, 'service') ?? '').split('/');
  const port = Number(firstParam(sp, 'port'));
  const pods = await proxyPods(context, namespace, name);
  if (!pods.ok) return <ErrorBanner error={pods.error} />;
  const chosen = svcNs && svcName && Number.isInteger(port) && port > 0;
  const view = chosen ? await inspectServiceOnGateway(context, { namespace, name }, { namespace: svcNs, name: svcName, port }) : undefined;
  return (
    <>
      <h1>Gateway {namespace}/{name}</h1>
      <p className="muted small">Proxy pods: {pods.value.map((p) => `${p.name} (${p.phase})`).join(', ') || 'none'}</p>
      <form method="get" className="toolbar" aria-label="Service port">
        {context && <input type="hidden" name="context" value={context} />}
        <label>Service <input name="service" defaultValue={chosen ? `${svcNs}/${svcName}` : ''} placeholder="namespace/name" required /></label>
        <label>Port <input name="port" type="number" defaultValue={chosen ? port : ''} min={1} max={65535} required /></label>
        <button type="submit">Fetch config dumps</button>
      </form>
      {view && !view.ok && <ErrorBanner error={view.error} />}
      {view?.ok && (
        <>
          <section className="card" aria-label="Summary">
            <p data-testid="policy-summary">
              {view.value.policy
                ? <>tcpKeepalive from policy <strong>{view.value.policy.name}</strong>{view.value.policy.overridden.length > 0 && ` (overrides ${view.value.policy.overridden.join(', ')})`}</>
                : 'No BackendConfigPolicy sets tcpKeepalive for this Service.'}
            </p>
            <p data-testid="replica-summary">
              {summary(view.value.replicas)}
            </p>
            {view.value.comparisons.map((c) => (
              <div key={c.right} className="small" data-testid="replica-comparison">
                {c.differences.length === 0
                  ? `${c.left} and ${c.right} hold the same cluster.`
                  : <>{c.left} and {c.right} differ: {c.differences.map((d) => `${d.path} (${JSON.stringify(d.left) ?? 'unset'} vs ${JSON.stringify(d.right) ?? 'unset'})`).join('; ')}</>}
              </div>
            ))}
          </section>
          {view.value.replicas.map((r) => (
            <ReplicaCard key={r.pod} replica={r} downloadHref={withContext(`/api/gateways/${namespace}/${name}/dump?pod=${r.pod}`, context)} />
          ))}
        </>
      )}
    </>
  );
}

function summary(replicas: { error?: unknown; verdicts?: { verdict: string }[] }[]): string {
  const good = replicas.filter((r) => r.verdicts?.every((v) => v.verdict === 'in effect')).length;
  const down = replicas.filter((r) => r.error).length;
  return `In effect on ${good} of ${replicas.length} replicas${down ? `; ${down} unreachable` : ''}.`;
}
