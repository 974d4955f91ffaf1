import { invalidArgs, objectRefArgs } from '@/lib/http/args';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { inspectServiceOnGateway } from '@/lib/k8s/gateway-inspect';
import { GatewayInspector } from '@/components/gateways/gateway-inspector';
import { SyncPanel } from '@/components/inspect/sync-panel';
import { ErrorBanner } from '@/components/ui/error-banner';
import { firstParam } from '@/lib/nav/search-params';
import { proxyPods } from '@/lib/k8s/gateways';
import { requireSession } from '@/lib/k8s/session';

interface Props {
  params: Promise<{ namespace: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: { params: Promise<{ namespace: string; name: string }> }): Promise<Metadata> {
  const { namespace, name } = await params;
  return { title: `Gateway ${namespace}/${name}` };
}

export default async function GatewayPage({ params, searchParams }: Props) {
  const [raw, sp] = await Promise.all([params, searchParams]);
  const session = await requireSession();
  // Names from the address, checked before they reach a label selector.
  const gw = objectRefArgs.safeParse(raw);
  if (!gw.success) return <ErrorBanner error={invalidArgs(gw.error)} />;
  const { namespace, name } = gw.data;
  const [svcNs, svcName] = (firstParam(sp, 'service') ?? '').split('/');
  const port = Number(firstParam(sp, 'port'));
  const pods = await proxyPods(session, namespace, name);
  if (!pods.ok) return <ErrorBanner error={pods.error} />;
  const chosen = svcNs && svcName && Number.isInteger(port) && port > 0;
  // A shared link may mark lines of one replica's cluster: `lines=<pod>:<from>-<to>`.
  const lines = /^([a-z0-9.-]+):(\d+)-(\d+)$/.exec(firstParam(sp, 'lines') ?? '');
  const marked = lines ? { [lines[1]!]: [Number(lines[2]), Number(lines[3])] as [number, number] } : undefined;
  const onlyPod = firstParam(sp, 'pod');
  const goneReplica = [lines?.[1], onlyPod].find((p) => p && !pods.value.some((x) => x.name === p));
  return (
    <>
      <h1>
        Gateway {namespace}/{name}
      </h1>
      <p className="muted small">Proxy pods: {pods.value.map((p) => `${p.name} (${p.phase})`).join(', ') || 'none'}</p>
      <SyncPanel namespace={namespace} name={name} afterClusterView={!!chosen} />
      <form method="get" className="toolbar" aria-label="Service port">
        <label>
          Service <input name="service" defaultValue={chosen ? `${svcNs}/${svcName}` : ''} placeholder="namespace/name" required />
        </label>
        <label>
          Port <input name="port" type="number" defaultValue={chosen ? port : ''} min={1} max={65535} required />
        </label>
        {firstParam(sp, 'pod') && <input type="hidden" name="pod" value={firstParam(sp, 'pod')} />}
        <button type="submit">Fetch config dumps</button>
      </form>
      {goneReplica && (
        <div role="alert" aria-label="Changed since the link" className="card card-warning">
          This link points at replica <code>{goneReplica}</code>, which is gone since it was made; the Gateway&apos;s replicas are now{' '}
          {pods.value.map((p) => p.name).join(', ') || 'none'}.
        </div>
      )}
      {chosen && (
        // The first view is read here and streamed with the page, so the cluster is on screen before
        // the page's script runs; the rest of the page does not wait for it.
        <Suspense
          fallback={
            <p role="status" className="muted small" data-testid="dump-progress">
              Reading each replica&apos;s cluster through the API server…
            </p>
          }
        >
          <FirstView
            key={`${svcNs}/${svcName}:${port}`}
            gateway={{ namespace, name }}
            service={{ namespace: svcNs, name: svcName, port }}
            marked={marked}
            pod={onlyPod && onlyPod !== goneReplica ? onlyPod : undefined}
          />
        </Suspense>
      )}
    </>
  );
}

async function FirstView(props: {
  gateway: { namespace: string; name: string };
  service: { namespace: string; name: string; port: number };
  marked?: Record<string, [number, number]>;
  pod?: string;
}) {
  const session = await requireSession();
  const first = await inspectServiceOnGateway(session, props.gateway, props.service, { onlyPod: props.pod });
  // An error is left to the client, which says it the same way as on a fetch again. The same view
  // with the sync state, when it comes later, streams to the page as a promise: no second read.
  return (
    <GatewayInspector
      {...props}
      initial={first.ok ? first.value.view : undefined}
      completing={first.ok ? first.value.complete?.catch(() => undefined) : undefined}
    />
  );
}
