import 'server-only';
import { CoreV1Api } from '@kubernetes/client-node';
import { setBounded } from '@/lib/bounds/bounded-map';
import { SharedWork } from '@/lib/bounds/shared-work';
import { err, ok, type AppError, type Result } from '@/lib/wire/errors';
import {
  clientsOf,
  envoyStats,
  gatewaySync,
  heldVersions,
  rejectMetrics,
  rejectionsInLog,
  snapshotClients,
  SnapshotError,
  type EnvoyStats,
  type GatewaySync,
  type ReplicaReads,
  type RejectMetric,
  type SnapshotClient,
} from '@/lib/inspect/sync';
import { routesReadPath, statsStillHold, type StatsRead } from '@/lib/inspect/replica-reads';
import { callOptions } from './client';
import { ENVOY_ADMIN_PORT, fetchPodAdmin, KGATEWAY_ADMIN_PORT, KGATEWAY_METRICS_PORT } from './config-dump';
import { failed, GONE } from './dump-fetch';
import { toAppError } from './errors';
import { proxyPods } from './gateways';
import { listPolicies } from './policies';
import type { Session } from './session';

// The I/O of "is every replica running what kgateway means to send?": kgateway's admin
// (`/snapshots/xds`, port 9095) and metrics (9092) through a port-forward to its pod, as for the
// proxies; each replica's applied versions (`/config_dump?mask=version_info`, a few hundred
// bytes, not the dump), its received versions and refusals (`/stats`, read again only when it may
// have changed: `statsStillHold`), and, only for a replica that refused an update, the lines of
// its log that say why. Deciding is pure (lib/inspect/sync.ts).

/** kgateway's controller pods, as its Helm chart labels them. */
export const CONTROLLER_SELECTOR = 'app.kubernetes.io/name=kgateway,app.kubernetes.io/component=controller';
const SNAPSHOT_MAX_BYTES = 64 * 1024 * 1024;
const SMALL_MAX_BYTES = 4 * 1024 * 1024;
/** The tail of a proxy's log searched for refusals: enough for hours of warnings, bounded. */
const LOG_TAIL_LINES = 2000;
const LOG_MAX_BYTES = 1024 * 1024;

export interface ControllerPod {
  namespace: string;
  name: string;
}

/** The running kgateway controller pod the person may see: cluster-wide, else in kgateway-system. */
export async function findController(session: Session): Promise<Result<ControllerPod>> {
  const api = session.kc.makeApiClient(CoreV1Api);
  const running = (items: { metadata?: { namespace?: string; name?: string }; status?: { phase?: string } }[]) =>
    items
      .filter((p) => p.status?.phase === 'Running' && p.metadata?.name)
      .map((p) => ({ namespace: p.metadata!.namespace!, name: p.metadata!.name! }))
      .sort((a, b) => a.name.localeCompare(b.name))[0];
  let pod: ControllerPod | undefined;
  try {
    pod = running((await api.listPodForAllNamespaces({ labelSelector: CONTROLLER_SELECTOR }, callOptions)).items);
  } catch {
    // A person who may not list pods cluster-wide may still see kgateway's own namespace.
    try {
      pod = running((await api.listNamespacedPod({ namespace: 'kgateway-system', labelSelector: CONTROLLER_SELECTOR }, callOptions)).items);
    } catch (e) {
      return err(toAppError(e, { verb: 'list', resource: 'pods', namespace: 'kgateway-system', server: session.server }));
    }
  }
  if (!pod)
    return err({
      kind: 'not_found',
      message: `No running kgateway controller pod (labels ${CONTROLLER_SELECTOR}) is visible: is kgateway running? Check with kubectl get pods -A -l ${CONTROLLER_SELECTOR}.`,
    });
  return ok(pod);
}

export interface ControllerView {
  pod: ControllerPod;
  readAt: string;
  clients: SnapshotClient[];
  rejects: RejectMetric[];
  /** The parsed snapshot, for the resources of one client (desired against actual). */
  snapshot: unknown;
}

async function readControllerOnce(session: Session, signal: AbortSignal): Promise<Result<ControllerView>> {
  const pod = await findController(session);
  if (!pod.ok) return pod;
  const { namespace, name } = pod.value;
  const get = (port: number, path: string, maxBytes: number) =>
    fetchPodAdmin(session, namespace, name, { port, method: 'GET', path }, { signal, maxBytes });
  const [snap, metrics] = await Promise.all([
    get(KGATEWAY_ADMIN_PORT, '/snapshots/xds', SNAPSHOT_MAX_BYTES),
    get(KGATEWAY_METRICS_PORT, '/metrics', SMALL_MAX_BYTES),
  ]);
  if (!snap.ok) return snap;
  let snapshot: unknown;
  let clients: SnapshotClient[];
  try {
    snapshot = JSON.parse(snap.value.toString('utf8'));
    clients = snapshotClients(snapshot);
  } catch (e) {
    const why = e instanceof SnapshotError ? e.message : `not JSON (${(e as Error).message})`;
    return err({ kind: 'invalid', message: `kgateway's /snapshots/xds on ${namespace}/${name} could not be read: ${why}` });
  }
  return ok({
    pod: pod.value,
    readAt: new Date().toISOString(),
    clients,
    // Metrics are evidence, not the answer: without them the versions still decide.
    rejects: metrics.ok ? rejectMetrics(metrics.value.toString('utf8')) : [],
    snapshot,
  });
}

const controllerReads = ((globalThis as { __dashboardControllerReads?: SharedWork<Result<ControllerView>> }).__dashboardControllerReads ??=
  new SharedWork());

/** What kgateway means to send, read once for every request of the same person that asks meanwhile. */
export function readController(session: Session, signal?: AbortSignal): Promise<Result<ControllerView>> {
  return controllerReads.run(session.principal, (s) => readControllerOnce(session, s), { gone: err(GONE), failed, signal });
}

async function readJson(
  session: Session,
  namespace: string,
  pod: string,
  method: 'GET' | 'POST',
  path: string,
  signal?: AbortSignal,
): Promise<Result<string>> {
  const r = await fetchPodAdmin(session, namespace, pod, { port: ENVOY_ADMIN_PORT, method, path }, { signal, maxBytes: SMALL_MAX_BYTES });
  return r.ok ? ok(r.value.toString('utf8')) : r;
}

const STATS_PATH =
  '/stats?filter=^(cluster_manager\\.cds|listener_manager\\.lds|http\\.[^.]+\\.rds\\..+)\\.(version_text|update_rejected|update_time)$|^cluster_manager\\.warming_clusters$';

/** Envoy's log lines about refused updates, from `kubectl logs` of the proxy pod. */
async function readRejections(session: Session, namespace: string, pod: string): Promise<Result<ReturnType<typeof rejectionsInLog>>> {
  try {
    const log = await session.kc
      .makeApiClient(CoreV1Api)
      .readNamespacedPodLog({ namespace, name: pod, tailLines: LOG_TAIL_LINES, limitBytes: LOG_MAX_BYTES, timestamps: true }, callOptions);
    return ok(rejectionsInLog(String(log)));
  } catch (e) {
    return err(toAppError(e, { verb: 'get', resource: 'pods/log', namespace, server: session.server }));
  }
}

/**
 * Each replica's last `/stats` read, per person: given again while it still holds
 * (`statsStillHold`), because reading it stops a large Envoy's admin for half a second. Bounded;
 * the oldest read goes first.
 */
const STATS_MAX_AGE_MS = 30_000;
const MAX_STATS_READS = 256;
const statsReads = ((globalThis as { __dashboardStatsReads?: Map<string, StatsRead> }).__dashboardStatsReads ??= new Map());

async function readReplica(
  session: Session,
  namespace: string,
  pod: { name: string; phase: string },
  desired: SnapshotClient['versions'] | undefined,
  signal?: AbortSignal,
): Promise<ReplicaReads> {
  if (pod.phase !== 'Running') {
    return { pod: pod.name, error: { kind: 'unavailable', message: `Pod ${namespace}/${pod.name} is ${pod.phase}, not Running.` } };
  }
  const key = [session.principal, namespace, pod.name].join('\u0000');
  const prev = statsReads.get(key);
  const invalid = (e: Error): ReplicaReads => ({
    pod: pod.name,
    error: { kind: 'invalid', message: `Envoy's admin on ${pod.name} answered with something other than JSON: ${e.message}` },
  });
  // One forward at a time per replica: small reads, not several WebSockets at once.
  const masked = await readJson(session, namespace, pod.name, 'POST', '/config_dump?mask=version_info&name_regex=%5E%24', signal);
  if (!masked.ok) return { pod: pod.name, error: masked.error };
  let maskedJson: unknown;
  try {
    maskedJson = JSON.parse(masked.value);
  } catch (e) {
    return invalid(e as Error);
  }
  const routesPath = routesReadPath(prev, heldVersions(maskedJson, undefined).listeners, Date.now(), STATS_MAX_AGE_MS);
  const routes = routesPath === null ? ok('{}') : await readJson(session, namespace, pod.name, 'POST', routesPath, signal);
  if (!routes.ok) return { pod: pod.name, error: routes.error };
  let held: ReplicaReads['held'];
  try {
    held = heldVersions(maskedJson, JSON.parse(routes.value));
  } catch (e) {
    return invalid(e as Error);
  }
  let stats: EnvoyStats;
  if (statsStillHold(prev, held, desired, Date.now(), STATS_MAX_AGE_MS)) stats = prev.stats;
  else {
    const read = await readJson(session, namespace, pod.name, 'GET', STATS_PATH, signal);
    if (!read.ok) return { pod: pod.name, error: read.error };
    stats = envoyStats(read.value);
    setBounded(statsReads, key, { at: Date.now(), held, stats }, MAX_STATS_READS);
  }
  const out: ReplicaReads = { pod: pod.name, held, stats };
  const refused =
    (stats.clusters?.rejected ?? 0) + (stats.listeners?.rejected ?? 0) + Object.values(stats.routes).reduce((n, s) => n + s.rejected, 0);
  if (refused > 0) {
    const lines = await readRejections(session, namespace, pod.name);
    if (lines.ok) out.rejections = lines.value;
    else out.rejectionsError = lines.error;
  }
  return out;
}

async function syncOnce(session: Session, gateway: { namespace: string; name: string }, signal: AbortSignal): Promise<Result<GatewaySync>> {
  const [pods, controller, policies] = await Promise.all([
    proxyPods(session, gateway.namespace, gateway.name),
    readController(session, signal),
    listPolicies(session),
  ]);
  if (!pods.ok) return pods;
  const desired = controller.ok ? clientsOf(controller.value.clients, gateway)[0]?.versions : undefined;
  const replicas = await Promise.all(pods.value.map((p) => readReplica(session, gateway.namespace, p, desired, signal)));
  const controllerError: AppError | undefined = controller.ok ? undefined : controller.error;
  return ok(
    gatewaySync({
      gateway,
      controller: controller.ok
        ? { pod: `${controller.value.pod.namespace}/${controller.value.pod.name}`, readAt: controller.value.readAt }
        : { error: controllerError },
      clients: controller.ok ? controller.value.clients : [],
      rejects: controller.ok ? controller.value.rejects : [],
      policies: policies.ok ? policies.value : [],
      replicas,
    }),
  );
}

const syncs = ((globalThis as { __dashboardSyncs?: SharedWork<Result<GatewaySync>> }).__dashboardSyncs ??= new SharedWork());

/**
 * Answers younger than this are given again: every open Gateway page and Services list asks every
 * 5 s, and each answer costs a few port-forwards. Per principal (context and person), so no one
 * is given another's answer.
 */
const FRESH_MS = 2_000;
const MAX_RECENT = 256;
const recent = ((
  globalThis as { __dashboardRecentSyncs?: Map<string, { at: number; value: Result<GatewaySync> }> }
).__dashboardRecentSyncs ??= new Map());

/** Every replica of a Gateway against what kgateway means to send. Shared by identical requests meanwhile. */
export async function readGatewaySync(
  session: Session,
  gateway: { namespace: string; name: string },
  signal?: AbortSignal,
): Promise<Result<GatewaySync>> {
  const key = [session.principal, gateway.namespace, gateway.name].join('\u0000');
  const hit = recent.get(key);
  if (hit && Date.now() - hit.at < FRESH_MS) return hit.value;
  const value = await syncs.run(key, (s) => syncOnce(session, gateway, s), { gone: err(GONE), failed, signal });
  if (value.ok) setBounded(recent, key, { at: Date.now(), value }, MAX_RECENT);
  return value;
}
