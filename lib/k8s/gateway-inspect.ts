import 'server-only';
import { randomUUID } from 'node:crypto';
import { SharedWork } from '@/lib/bounds/shared-work';
import { CoreV1Api } from '@kubernetes/client-node';
import type { ServiceDto, ServiceOnGatewayDto } from '@/lib/wire/dto';
import { err, ok, type Result } from '@/lib/wire/errors';
import { expectationFor, judge, type Expectation, type Replica } from '@/lib/inspect/judge';
import { mergeRuleFor } from '@/lib/policy/precedence';
import { callOptions } from './client';
import { kgatewayVersion } from './cluster';
import { servicesWithBackendTls } from './backend-tls';
import { failed, GONE } from './dump-fetch';
import { readClusters } from './cluster-read';
import type { ClusterTarget } from '@/lib/envoy/cluster-read';
import { previousDump } from './dump-store';
import { toAppError } from './errors';
import { proxyPods } from './gateways';
import { listPolicies } from './policies';
import { toServiceDto } from './to-dto';
import type { Session } from './session';
import { readController, readGatewaySync, type ControllerView } from './xds-sync';
import { routeBackends } from './gateways';
import { clustersNamed } from '@/lib/envoy/config-dump';
import { CLUSTER_TYPE, fromSnapshotResource } from '@/lib/envoy/xds-proto';
import { HTTP2_APP_PROTOCOLS } from '@/lib/envoy/field-verdicts';
import { clusterName, findingsForService, type ClusterObservation } from '@/lib/inspect/findings';
import { snapshotResource } from '@/lib/inspect/sync';
import type { DesiredCluster } from '@/lib/inspect/judge';
import type { Result as R } from '@/lib/wire/errors';

// The I/O of the gateway view: the Gateway's pods, the policies and each replica's dump, read
// through the API server. Judging them is pure (lib/inspect/judge.ts).

export type ServiceOnGateway = ServiceOnGatewayDto;

/** Bytes received so far from one replica, while its dump downloads. */
export type ProgressListener = (pod: string, bytes: number) => void;

async function readReplica(
  session: Session,
  gateway: { namespace: string; name: string },
  pod: { name: string; phase: string },
  targets: ClusterTarget[],
  batch: string,
  onProgress?: ProgressListener,
  signal?: AbortSignal,
): Promise<Replica> {
  const { namespace } = gateway;
  // Pods that are not running are reported, not dialled: nothing would answer.
  if (pod.phase !== 'Running') {
    return {
      pod: pod.name,
      error: { kind: 'unavailable', message: `Pod ${namespace}/${pod.name} is ${pod.phase}, not Running: its Envoy cannot be read.` },
    };
  }
  // Only the clusters judged, not the whole dump (lib/k8s/cluster-read.ts).
  const read = await readClusters(session, { namespace, gateway: gateway.name, pod: pod.name }, targets, {
    batch,
    signal,
    onProgress: onProgress && ((bytes) => onProgress(pod.name, bytes)),
  });
  if (!read.ok) return { pod: pod.name, error: read.error };
  const d = read.value.stored;
  return {
    pod: pod.name,
    bytes: read.value.bytes,
    dump: d.dump,
    summary: read.value.summary,
    kept: { id: d.id, fetchedAt: d.fetchedAt, previousId: previousDump(d)?.id },
  };
}

/**
 * Service ports as every replica of a Gateway sees them, against what their policies ask for.
 * Each replica is asked once for the clusters of all the ports, not for its whole dump.
 */
export async function inspectGateway(
  session: Session,
  gateway: { namespace: string; name: string },
  targets: { service: ServiceDto; port: number }[],
  opts: { onProgress?: ProgressListener; signal?: AbortSignal; onlyPod?: string } = {},
): Promise<Result<Inspection>> {
  const namespaces = [...new Set(targets.map((t) => t.service.namespace))];
  // The sync state is not waited for: Envoy's admin answers one request at a time, and on a large
  // Envoy its stats take longer than the cluster. If it is not in when the clusters are, the views
  // go out without it and `complete` brings them again with it.
  const syncing = readGatewaySync(session, gateway, opts.signal);
  let syncRead: Awaited<typeof syncing> | undefined;
  void syncing.then((s) => (syncRead = s));
  const { onlyPod } = opts;
  const batch = randomUUID();
  const clusterTargets = targets.map((t) => ({ namespace: t.service.namespace, service: t.service.name, port: t.port }));
  // The replicas are read as soon as the pods are known, beside the other reads, not after them.
  const podsAndReplicas = proxyPods(session, gateway.namespace, gateway.name).then(async (pods) => {
    const chosen = pods.ok ? (onlyPod ? pods.value.filter((p) => p.name === onlyPod) : pods.value) : [];
    const replicas = await Promise.all(
      chosen.map((p) => readReplica(session, gateway, p, clusterTargets, batch, opts.onProgress, opts.signal)),
    );
    return { pods, chosen, replicas };
  });
  const [{ pods, chosen, replicas }, policyLists, version, backendTls, controller, routes] = await Promise.all([
    podsAndReplicas,
    Promise.all(namespaces.map((ns) => listPolicies(session, ns))),
    kgatewayVersion(session),
    Promise.all(namespaces.map(async (ns) => [ns, await servicesWithBackendTls(session, ns)] as const)).then((e) => new Map(e)),
    readController(session, opts.signal),
    routeBackends(session),
  ]);
  if (!pods.ok) return pods;
  if (onlyPod && chosen.length === 0) {
    return err({
      kind: 'not_found',
      message: `Replica ${onlyPod} is not a proxy pod of Gateway ${gateway.namespace}/${gateway.name} (any more): its pods are ${pods.value.map((p) => p.name).join(', ') || 'none'}.`,
    });
  }
  const policies = policyLists.flatMap((p) => (p.ok ? p.value : []));
  const rule = mergeRuleFor(version);
  const expectations = new Map<string, Expectation>();
  const desired = desiredClusters(controller, gateway);
  const viewsWith = (sync: Awaited<typeof syncing> | undefined) =>
    targets.map(({ service, port }) => {
      const appProtocol = service.ports.find((p) => p.port === port)?.appProtocol;
      const http2 = HTTP2_APP_PROTOCOLS.has((appProtocol ?? '').toLowerCase());
      const key = `${service.namespace}/${service.name}/${http2}`;
      if (!expectations.has(key)) {
        const covered = backendTls.get(service.namespace);
        const tlsApplies = covered === 'unknown' || covered === undefined ? undefined : !covered.has(service.name);
        expectations.set(key, expectationFor(service, policies, rule, { tlsApplies, http2 }));
      }
      const view = judge(replicas, { namespace: service.namespace, name: service.name, port }, expectations.get(key)!, Date.now(), desired);
      const findings = findingsForService(
        service,
        {
          version,
          rule,
          services: [service],
          policies: policies.filter((p) => p.namespace === service.namespace),
          routes,
          backendTls: backendTls.get(service.namespace) ?? 'unknown',
          clusters: observations(replicas, gateway, clusterName(service.namespace, service.name, port)),
          syncs: sync?.ok ? [sync.value] : [],
        },
        [port],
      );
      return { ...view, findings, ...(sync?.ok && { sync: sync.value }), ...(!sync && { syncPending: true }) };
    });
  return ok(syncRead ? { views: viewsWith(syncRead) } : { views: viewsWith(undefined), complete: syncing.then(viewsWith) });
}

/** The views of a Gateway's Service ports; without the sync state if it came later than the clusters. */
export interface Inspection {
  views: ServiceOnGateway[];
  /** The same views with the sync state and its findings, when `views` went out without it. */
  complete?: Promise<ServiceOnGateway[]>;
}

/** Each readable replica's dump, for one cluster name: active, warming or missing. */
function observations(replicas: Replica[], gateway: { namespace: string; name: string }, name: string): ClusterObservation[] {
  return replicas
    .filter((r) => r.dump !== undefined)
    .map((r) => {
      const all = clustersNamed(r.dump, name);
      const c = all.find((x) => x.state === 'warming') ?? all[0];
      return {
        gateway: `${gateway.namespace}/${gateway.name}`,
        namespace: gateway.namespace,
        pod: r.pod,
        cluster: name,
        state: !c ? 'missing' : c.state === 'warming' ? 'warming' : 'active',
        lastUpdated: c?.lastUpdated,
        healthChecks: Array.isArray(c?.cluster.health_checks) && (c.cluster.health_checks as unknown[]).length > 0,
      } satisfies ClusterObservation;
    });
}

/** The clusters kgateway means to send this Gateway, read from its snapshot on demand. */
function desiredClusters(controller: R<ControllerView>, gateway: { namespace: string; name: string }): DesiredCluster {
  // Every replica compares against the same cluster: decode it once per name.
  const decoded = new Map<string, ReturnType<DesiredCluster>>();
  return (name) => {
    if (!decoded.has(name)) decoded.set(name, decode(name));
    return decoded.get(name)!;
  };
  function decode(name: string): ReturnType<DesiredCluster> {
    if (!controller.ok) return { unavailable: `What kgateway means to send is unknown: ${controller.error.message}` };
    const client = controller.value.clients.find((c) => c.gateway.namespace === gateway.namespace && c.gateway.name === gateway.name);
    if (!client) return { unavailable: `kgateway's snapshot has no entry for Gateway ${gateway.namespace}/${gateway.name}.` };
    const resource = snapshotResource(controller.value.snapshot, client.key, 'clusters', name);
    if (resource === undefined) return { unavailable: `kgateway does not mean to send a cluster ${name} to this Gateway.` };
    try {
      return { desired: fromSnapshotResource(CLUSTER_TYPE, resource) };
    } catch (e) {
      return { unavailable: (e as Error).message };
    }
  }
}

type Progress = { pod: string; bytes: number };
/** One Service port's view, and the same view with the sync state when it came later. */
export interface ServiceInspection {
  view: ServiceOnGateway;
  complete?: Promise<ServiceOnGateway>;
}

const views = ((globalThis as { __dashboardInspects?: SharedWork<Result<ServiceInspection>, Progress> }).__dashboardInspects ??=
  new SharedWork());

/**
 * One Service port as every replica of a Gateway sees it. Identical requests that arrive while
 * one runs (24 tabs opening the same link) share it whole: its API reads and its dump reads.
 */
export function inspectServiceOnGateway(
  session: Session,
  gateway: { namespace: string; name: string },
  service: ServiceOnGateway['service'],
  opts: { onProgress?: ProgressListener; signal?: AbortSignal; onlyPod?: string } = {},
): Promise<Result<ServiceInspection>> {
  const key = [session.principal, gateway.namespace, gateway.name, service.namespace, service.name, service.port, opts.onlyPod ?? ''].join(
    '\u0000',
  );
  return views.run(
    key,
    (signal, progress) =>
      inspectOnce(session, gateway, service, { signal, onlyPod: opts.onlyPod, onProgress: (pod, bytes) => progress({ pod, bytes }) }),
    { gone: err(GONE), failed, signal: opts.signal, onProgress: opts.onProgress && ((p) => opts.onProgress!(p.pod, p.bytes)) },
  );
}

async function inspectOnce(
  session: Session,
  gateway: { namespace: string; name: string },
  service: ServiceOnGateway['service'],
  opts: { onProgress?: ProgressListener; signal?: AbortSignal; onlyPod?: string } = {},
): Promise<Result<ServiceInspection>> {
  let svc: ServiceDto;
  try {
    svc = toServiceDto(
      await session.kc.makeApiClient(CoreV1Api).readNamespacedService({ namespace: service.namespace, name: service.name }, callOptions),
    );
  } catch (e) {
    return err(toAppError(e, { verb: 'get', resource: 'services', namespace: service.namespace, server: session.server }));
  }
  const r = await inspectGateway(session, gateway, [{ service: svc, port: service.port }], opts);
  if (!r.ok) return r;
  return ok({ view: r.value.views[0]!, ...(r.value.complete && { complete: r.value.complete.then((v) => v[0]!) }) });
}
