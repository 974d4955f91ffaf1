import type { PolicyDto } from '@/lib/wire/dto';
import type { AppError } from '@/lib/wire/errors';
import { isObject } from '@/lib/envoy/config-dump';

// Is each gateway replica running what kgateway means to send? Pure: lib/k8s/xds-sync.ts reads
// kgateway's admin and metrics and each Envoy's admin; this decides, as `istioctl proxy-status`
// does, per replica and per xDS type: SYNCED, STALE or REJECTED.
//
// How the versions correspond (checked live on kgateway v2.4.2 and Envoy 1.40.0, see
// docs/decisions/011-sync-state.md): kgateway's snapshot holds one version per type, a hash of
// its content, which it sends as the DiscoveryResponse's version_info. Envoy's config dump holds
// the version it last *applied* (ClustersConfigDump.version_info, ListenersConfigDump.version_info,
// each DynamicRouteConfig.version_info); its stats hold the version it last *received*
// (`cluster_manager.cds.version_text`, `listener_manager.lds.version_text`,
// `http.<prefix>.rds.<route config>.version_text`). Received but not applied means refused: a
// cluster Envoy rejects keeps the whole CDS version at the last one it accepted.

export const XDS_TYPES = ['clusters', 'listeners', 'routes'] as const;
export type XdsType = (typeof XDS_TYPES)[number];
export type SyncState = 'SYNCED' | 'STALE' | 'REJECTED' | 'UNKNOWN';

export const SNAPSHOT_TYPE_INDEX: Record<XdsType | 'endpoints', number> = { clusters: 0, endpoints: 1, listeners: 2, routes: 3 };

/** One gateway client of kgateway's snapshot cache: the versions it means each replica to hold. */
export interface SnapshotClient {
  key: string;
  gateway: { namespace: string; name: string };
  versions: Partial<Record<XdsType | 'endpoints', string>>;
}

export class SnapshotError extends Error {}

/**
 * kgateway's `/snapshots/xds`: `{data: {<client key>: {Resources: [{Version, Items}, …]}}}`,
 * Resources indexed by go-control-plane's type order. Client keys are
 * `kgateway-kube-gateway-api~<namespace>~<gateway>~<hash>~<namespace>`.
 */
export function snapshotClients(snapshot: unknown): SnapshotClient[] {
  if (!isObject(snapshot) || !isObject(snapshot.data)) {
    const error = isObject(snapshot) && typeof snapshot.error === 'string' && snapshot.error ? `: ${snapshot.error}` : '';
    throw new SnapshotError(`Not kgateway's xDS snapshot (no "data" object)${error}.`);
  }
  const out: SnapshotClient[] = [];
  for (const [key, entry] of Object.entries(snapshot.data)) {
    const parts = key.split('~');
    if (parts.length < 3 || !isObject(entry) || !Array.isArray(entry.Resources)) continue;
    const versions: SnapshotClient['versions'] = {};
    for (const [type, i] of Object.entries(SNAPSHOT_TYPE_INDEX)) {
      const r = entry.Resources[i];
      if (isObject(r) && typeof r.Version === 'string' && r.Version) versions[type as XdsType] = r.Version;
    }
    out.push({ key, gateway: { namespace: parts[1]!, name: parts[2]! }, versions });
  }
  return out;
}

/** The Go JSON of one resource kgateway means to send, or undefined. */
export function snapshotResource(snapshot: unknown, clientKey: string, type: XdsType | 'endpoints', name: string): unknown {
  const data = isObject(snapshot) && isObject(snapshot.data) ? snapshot.data : {};
  const entry = Object.hasOwn(data, clientKey) ? data[clientKey] : undefined;
  const r = isObject(entry) && Array.isArray(entry.Resources) ? entry.Resources[SNAPSHOT_TYPE_INDEX[type]] : undefined;
  const items = isObject(r) && isObject(r.Items) ? r.Items : {};
  const item = Object.hasOwn(items, name) ? items[name] : undefined;
  return isObject(item) ? item.Resource : undefined;
}

export interface RejectMetric {
  gateway: { namespace: string; name: string };
  type: string;
  total: number;
  active: number;
}

/** `kgateway_envoy_xds_rejects_total` and `…_active` from kgateway's Prometheus text. */
export function rejectMetrics(text: string): RejectMetric[] {
  const byKey = new Map<string, RejectMetric>();
  const line = /^kgateway_envoy_xds_rejects_(total|active)\{([^}]*)\}\s+(\S+)/;
  for (const l of text.split('\n')) {
    const m = line.exec(l);
    if (!m) continue;
    const labels = Object.fromEntries([...m[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
    const gateway = { namespace: labels.gateway_namespace ?? '', name: labels.gateway_name ?? '' };
    const type = labels.type_url ?? '';
    const key = `${gateway.namespace}/${gateway.name}/${type}`;
    const entry = byKey.get(key) ?? { gateway, type, total: 0, active: 0 };
    entry[m[1] as 'total' | 'active'] = Number(m[3]);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** What one subscription of an Envoy says in `/stats`: the version it last received, and counts. */
export interface SubscriptionStats {
  received?: string;
  rejected: number;
  /** When Envoy last applied an update, ms since the epoch. */
  updatedAt?: number;
}

export interface EnvoyStats {
  /** `cluster_manager.warming_clusters`: while it is above 0, Envoy pauses its CDS requests. */
  warmingClusters?: number;
  clusters?: SubscriptionStats;
  listeners?: SubscriptionStats;
  /** Per route configuration name. */
  routes: Record<string, SubscriptionStats>;
}

/** Envoy's `/stats` text (`name: value` lines), for the CDS, LDS and RDS subscriptions. */
export function envoyStats(text: string): EnvoyStats {
  const out: EnvoyStats = { routes: {} };
  const sub = (prefix: string): SubscriptionStats | undefined => {
    if (prefix === 'cluster_manager.cds') return (out.clusters ??= { rejected: 0 });
    if (prefix === 'listener_manager.lds') return (out.listeners ??= { rejected: 0 });
    const rds = /^http\.[^.]+\.rds\.(.+)$/.exec(prefix);
    if (rds) return (out.routes[rds[1]!] ??= { rejected: 0 });
    return undefined;
  };
  for (const l of text.split('\n')) {
    const warming = /^cluster_manager\.warming_clusters: (\d+)$/.exec(l.trim());
    if (warming) out.warmingClusters = Number(warming[1]);
    const m = /^(.+)\.(version_text|update_rejected|update_time): (.*)$/.exec(l.trim());
    if (!m) continue;
    const s = sub(m[1]!);
    if (!s) continue;
    if (m[2] === 'version_text') s.received = m[3]!.replace(/^"|"$/g, '');
    else if (m[2] === 'update_rejected') s.rejected = Number(m[3]) || 0;
    else if (Number(m[3]) > 0) s.updatedAt = Number(m[3]);
  }
  return out;
}

/** The versions an Envoy applied, from `/config_dump?mask=version_info` and the route configs' dump. */
export interface HeldVersions {
  clusters?: string;
  listeners?: string;
  /** Per route configuration name. */
  routes: Record<string, string>;
}

export function heldVersions(masked: unknown, routeConfigs: unknown): HeldVersions {
  const out: HeldVersions = { routes: {} };
  const configs = isObject(masked) && Array.isArray(masked.configs) ? masked.configs : [];
  for (const c of configs) {
    if (!isObject(c) || typeof c.version_info !== 'string') continue;
    if (String(c['@type']).endsWith('.ClustersConfigDump')) out.clusters = c.version_info;
    if (String(c['@type']).endsWith('.ListenersConfigDump')) out.listeners = c.version_info;
  }
  const routes = isObject(routeConfigs) && Array.isArray(routeConfigs.configs) ? routeConfigs.configs : [];
  routes.forEach((r, i) => {
    if (!isObject(r) || typeof r.version_info !== 'string') return;
    const name = isObject(r.route_config) && typeof r.route_config.name === 'string' ? r.route_config.name : `#${i}`;
    out.routes[name] = r.version_info;
  });
  return out;
}

/** A policy kgateway has not translated since its last change: its status is behind its spec. */
export interface PendingPolicy {
  policy: string;
  generation: number;
  /** The newest generation kgateway wrote status for. */
  observed: number;
}

export const KGATEWAY_CONTROLLER = 'kgateway.dev/kgateway';

/** Policies whose kgateway status is older than their spec. A policy kgateway never wrote status for is not counted. */
export function pendingPolicies(policies: PolicyDto[]): PendingPolicy[] {
  const out: PendingPolicy[] = [];
  for (const p of policies) {
    const observed = p.ancestors
      .filter((a) => a.controllerName === KGATEWAY_CONTROLLER)
      .flatMap((a) => a.conditions.map((c) => c.observedGeneration ?? 0));
    if (observed.length === 0) continue;
    const newest = Math.max(...observed);
    if (newest < p.generation) out.push({ policy: `${p.namespace}/${p.name}`, generation: p.generation, observed: newest });
  }
  return out;
}

export interface TypeSync {
  type: XdsType;
  /** The route configuration, for `routes`. */
  resource?: string;
  /** What kgateway means to send. */
  desired?: string;
  /** What Envoy applied. */
  held?: string;
  /** What Envoy last received. */
  received?: string;
  state: SyncState;
}

/** A message Envoy logged when it refused an update. */
export interface Rejection {
  at?: string;
  /** `cluster 'kube_shop_catalog_9000'`, or the xDS type. */
  resource: string;
  message: string;
  /** How many times the log says it, `at` being the last. */
  count: number;
}

export interface ReplicaSync {
  pod: string;
  state: SyncState;
  types: TypeSync[];
  /** When Envoy last applied an update of any type. */
  lastUpdate?: string;
  /** Updates Envoy refused since it started (CDS, LDS and RDS `update_rejected`). */
  rejectedUpdates: number;
  /** Clusters warming now; Envoy asks for no cluster update until they are done. */
  warmingClusters?: number;
  rejections: Rejection[];
  /** Why the rejections could not be read (no `get pods/log`, …). */
  rejectionsError?: AppError;
  error?: AppError;
}

export interface ControllerRead {
  pod?: string;
  readAt?: string;
  error?: AppError;
}

export interface GatewaySync {
  gateway: { namespace: string; name: string };
  controller: ControllerRead;
  /** kgateway's snapshot clients of this Gateway (normally one). */
  clients: SnapshotClient[];
  desired?: SnapshotClient['versions'];
  rejects: RejectMetric[];
  pending: PendingPolicy[];
  replicas: ReplicaSync[];
  state: SyncState;
  /** One sentence a person reads first. */
  summary: string;
}

const RANK: Record<SyncState, number> = { SYNCED: 0, UNKNOWN: 1, STALE: 2, REJECTED: 3 };
export function worst(states: SyncState[]): SyncState {
  return states.reduce<SyncState>((a, b) => (RANK[b] > RANK[a] ? b : a), 'SYNCED');
}

function typeState(desired: string | undefined, held: string | undefined, received: string | undefined, pending: boolean): SyncState {
  if (desired === undefined) return pending ? 'STALE' : 'UNKNOWN';
  if (held === desired) return pending ? 'STALE' : 'SYNCED';
  if (received === desired) return 'REJECTED';
  return 'STALE';
}

export interface ReplicaReads {
  pod: string;
  error?: AppError;
  held?: HeldVersions;
  stats?: EnvoyStats;
  rejections?: Rejection[];
  rejectionsError?: AppError;
}

/** Each replica against what kgateway means to send (or, with kgateway unreachable, against the policies' status). */
export function replicaSync(desired: SnapshotClient['versions'] | undefined, r: ReplicaReads, pending: PendingPolicy[]): ReplicaSync {
  if (r.error || !r.held || !r.stats) {
    return { pod: r.pod, state: 'UNKNOWN', types: [], rejectedUpdates: 0, rejections: [], error: r.error };
  }
  const { held, stats } = r;
  // Only clusters carry policy changes; a pending policy makes them, not listeners, stale.
  const isPending = pending.length > 0;
  const types: TypeSync[] = [
    {
      type: 'clusters',
      desired: desired?.clusters,
      held: held.clusters,
      received: stats.clusters?.received,
      state: typeState(desired?.clusters, held.clusters, stats.clusters?.received, isPending),
    },
    {
      type: 'listeners',
      desired: desired?.listeners,
      held: held.listeners,
      received: stats.listeners?.received,
      state: typeState(desired?.listeners, held.listeners, stats.listeners?.received, false),
    },
    ...Object.entries(held.routes).map(([name, version]) => ({
      type: 'routes' as const,
      resource: name,
      desired: desired?.routes,
      held: version,
      received: stats.routes[name]?.received,
      state: typeState(desired?.routes, version, stats.routes[name]?.received, false),
    })),
  ];
  const times = [stats.clusters?.updatedAt, stats.listeners?.updatedAt, ...Object.values(stats.routes).map((s) => s.updatedAt)].filter(
    (t): t is number => t !== undefined,
  );
  const rejectedUpdates =
    (stats.clusters?.rejected ?? 0) + (stats.listeners?.rejected ?? 0) + Object.values(stats.routes).reduce((n, s) => n + s.rejected, 0);
  return {
    pod: r.pod,
    state: worst(types.map((t) => t.state)),
    types,
    lastUpdate: times.length ? new Date(Math.max(...times)).toISOString() : undefined,
    rejectedUpdates,
    warmingClusters: stats.warmingClusters,
    rejections: r.rejections ?? [],
    rejectionsError: r.rejectionsError,
  };
}

/** kgateway's snapshot clients of one Gateway; the first one's versions are what its replicas should hold. */
export function clientsOf(clients: SnapshotClient[], gateway: { namespace: string; name: string }): SnapshotClient[] {
  return clients.filter((c) => c.gateway.namespace === gateway.namespace && c.gateway.name === gateway.name);
}

/** The whole Gateway: its replicas and one sentence about them. */
export function gatewaySync(input: {
  gateway: { namespace: string; name: string };
  controller: ControllerRead;
  clients: SnapshotClient[];
  rejects: RejectMetric[];
  policies: PolicyDto[];
  replicas: ReplicaReads[];
}): GatewaySync {
  const { gateway } = input;
  const clients = clientsOf(input.clients, gateway);
  const desired = clients[0]?.versions;
  const pending = pendingPolicies(input.policies);
  const replicas = input.replicas.map((r) => replicaSync(desired, r, pending));
  const state = replicas.length ? worst(replicas.map((r) => r.state)) : 'UNKNOWN';
  const count = (s: SyncState) => replicas.filter((r) => r.state === s).length;
  const n = replicas.length;
  let summary: string;
  if (n === 0) summary = 'No running proxy replica to compare.';
  else if (state === 'SYNCED') summary = `All ${n} replica${n > 1 ? 's' : ''} hold what kgateway sends.`;
  else if (state === 'REJECTED')
    summary = `Envoy rejected kgateway's update on ${count('REJECTED')} of ${n} replica${n > 1 ? 's' : ''}: they keep their previous configuration.`;
  else if (state === 'STALE')
    summary = input.controller.error
      ? `kgateway cannot be read and ${pending.length} polic${pending.length === 1 ? 'y has' : 'ies have'} changed since it last wrote status: ${count('STALE')} of ${n} replicas are behind.`
      : pending.length
        ? `kgateway has not yet translated ${pending.map((p) => p.policy).join(', ')}: ${count('STALE')} of ${n} replicas hold the previous configuration.`
        : `${count('STALE')} of ${n} replicas do not hold kgateway's latest version yet.`;
  else
    summary = input.controller.error
      ? 'kgateway cannot be read, so what it means to send is unknown; no policy has changed since its last status.'
      : 'Some replicas could not be read.';
  return { gateway, controller: input.controller, clients, desired, rejects: input.rejects, pending, replicas, state, summary };
}

/**
 * Envoy's log lines about refused updates (`kubectl logs <proxy pod>`), newest last. Envoy 1.40
 * does not put a refused cluster in the dump's `error_state` (listeners only), so its log is
 * where the message is.
 */
export function rejectionsInLog(log: string, limit = 20): Rejection[] {
  const found: Omit<Rejection, 'count'>[] = [];
  for (const line of log.split('\n')) {
    const at = /^(\d{4}-\d\d-\d\dT[\d:.]+Z)\s/.exec(line)?.[1];
    const cluster = /cds: cluster '([^']+)' config rejected: (.*)$/.exec(line);
    const grpc = /gRPC config for type\.googleapis\.com\/(\S+) rejected: (.*)$/.exec(line);
    if (cluster) found.push({ at, resource: `cluster '${cluster[1]}'`, message: cluster[2]!.trim() });
    // Per-cluster refusals are said again, one per cluster, by the line above; a refusal of the whole update only here.
    else if (grpc && !grpc[2]!.startsWith('Error adding/updating cluster(s)'))
      found.push({ at, resource: grpc[1]!, message: grpc[2]!.trim() });
  }
  // The same refusal again (every later push of the same cluster) is one entry, at its last time.
  const byKey = new Map<string, Rejection>();
  for (const r of found) {
    const key = `${r.resource}\u0000${r.message}`;
    const seen = byKey.get(key);
    byKey.delete(key);
    byKey.set(key, { ...r, count: (seen?.count ?? 0) + 1 });
  }
  return [...byKey.values()].slice(-limit);
}
