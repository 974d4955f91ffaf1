import type { PolicyDto, ReplicaView, ServiceDto, ServiceOnGatewayDto } from '@/lib/wire/dto';
import { findServiceCluster, jsonLines, pathsForSpecFields } from '@/lib/envoy/cluster-view';
import { compareJson } from '@/lib/envoy/compare';
import type { EnvoyTcpKeepalive, Json } from '@/lib/envoy/config-dump';
import { endpointCount, type ReplicaSummary } from '@/lib/envoy/cluster-read';
import { checkClusterFields, expectedClusterFields, type ClusterContext, type FieldExpectation } from '@/lib/envoy/field-verdicts';
import type { AppError } from '@/lib/wire/errors';
import { CLUSTER_TYPE, differences, fromDumpResource, leafCount, type Canonical } from '@/lib/envoy/xds-proto';
import { envoyPreview, howPolicyTargets, type TcpKeepalive } from '@/lib/policy/model';
import { effectiveFields, type MergeRule } from '@/lib/policy/precedence';
import { buildServiceRows } from '@/lib/policy/service-rows';

// What the policies targeting a Service ask of its Envoy cluster, and how every replica's dump
// answers it. Pure: the server's inspect fetches the dumps and the policies, this judges them.

type ServiceOnGateway = ServiceOnGatewayDto;

/** One replica's read (its clusters for the ports judged, in a dump's shape), parsed once for all of them. */
export interface Replica {
  pod: string;
  error?: AppError;
  bytes?: number;
  dump?: unknown;
  summary?: ReplicaSummary;
  /** The server's handle on the kept dump, and the same pod's previous one. */
  kept?: { id: string; fetchedAt: string; previousId?: string };
}

/** What the policies targeting one Service ask of its clusters. */
export interface Expectation {
  policy?: ServiceOnGateway['policy'];
  asked?: TcpKeepalive;
  expected?: EnvoyTcpKeepalive;
  highlight: string[][];
  targeting: string[];
  /** Every field the policies set, keepalive included, each with the policy that supplies it. */
  fields: (FieldExpectation & { from: string })[];
  /** When any targeting policy was last written. */
  lastWrite?: string;
}

function expectedEnvoy(k: TcpKeepalive | undefined): EnvoyTcpKeepalive | undefined {
  if (!k) return undefined;
  const out: EnvoyTcpKeepalive = {};
  for (const v of envoyPreview(k)) if (v.envoy !== undefined) out[v.envoyField as keyof EnvoyTcpKeepalive] = v.envoy;
  return out;
}

export function expectationFor(svc: ServiceDto, policies: PolicyDto[], rule: MergeRule, context: ClusterContext = {}): Expectation {
  const row = buildServiceRows([svc], policies, rule)[0]!;
  const targeting = policies.filter((p) => howPolicyTargets(p, svc));
  const effective = effectiveFields(targeting, rule);
  return {
    ...(row.keepalive && { policy: { name: row.keepalive.from, asked: row.keepalive.value, overridden: row.keepalive.overridden } }),
    asked: row.keepalive?.value,
    expected: expectedEnvoy(row.keepalive?.value),
    highlight: pathsForSpecFields(Object.keys(effective)),
    targeting: targeting.map((p) => p.name),
    // One spec of the winning values: tls and upstreamProxyProtocol shape one transport socket together.
    fields: expectedClusterFields(Object.fromEntries(Object.entries(effective).map(([f, source]) => [f, source.value])), context).map(
      (x) => ({ ...x, from: effective[x.field.split('.')[0]!]!.from.name }),
    ),
    lastWrite:
      targeting
        .flatMap((p) => p.managers.map((m) => m.time ?? ''))
        .sort()
        .at(-1) || undefined,
  };
}

/**
 * A change reaches Envoy within seconds (up to ~17 s here, README): within this long of a write,
 * an older cluster is "not yet"; after it, a mismatch is "different" — kgateway skips some fields
 * (HTTP/2 options on an HTTP/1 backend), and then the cluster never changes at all.
 */
const PROPAGATION_MS = 120_000;

/** Envoy last updated the cluster before the policy was last written, recently: it has not seen the change. */
export function isStale(lastUpdated: string | undefined, written: string | undefined, now = Date.now()): boolean {
  return !!(lastUpdated && written && Date.parse(lastUpdated) < Date.parse(written) && now - Date.parse(written) < PROPAGATION_MS);
}

/** What kgateway means to send for a cluster: its canonical form, or why there is none. */
export type DesiredCluster = (name: string) => { desired: Canonical } | { unavailable: string };

function desiredVsActual(desired: DesiredCluster, name: string, cluster: unknown): ReplicaView['desiredVsActual'] {
  const d = desired(name);
  if ('unavailable' in d) return { unavailable: d.unavailable };
  try {
    const actual = fromDumpResource(CLUSTER_TYPE, cluster);
    return { compared: leafCount(d.desired), differences: differences(d.desired, actual) };
  } catch (e) {
    return { unavailable: (e as Error).message };
  }
}

/** One Service port judged on every replica's (already parsed) dump. */
export function judge(
  replicas: Replica[],
  service: ServiceOnGateway['service'],
  e: Expectation,
  now = Date.now(),
  desired?: DesiredCluster,
): ServiceOnGateway {
  const seen = replicas.map((r) => {
    if (r.error) return { view: { pod: r.pod, readBytes: r.bytes, error: r.error } as ReplicaView };
    const cluster = findServiceCluster(r.dump, service.namespace, service.name, service.port);
    const view: ReplicaView = {
      pod: r.pod,
      readBytes: r.bytes,
      summary: r.summary,
      ...(cluster && { endpoints: endpointCount(r.dump, cluster.name) }),
      dumpId: r.kept?.id,
      fetchedAt: r.kept?.fetchedAt,
      previousDumpId: r.kept?.previousId,
      clusterName: cluster?.name,
      versionInfo: cluster?.versionInfo,
      lastUpdated: cluster?.lastUpdated,
      fieldChecks: checkClusterFields(
        e.fields,
        cluster?.cluster as Record<string, Json> | undefined,
        isStale(cluster?.lastUpdated, e.lastWrite, now),
      ),
      lines: cluster ? jsonLines(cluster.cluster, e.highlight) : undefined,
      ...(cluster && desired && { desiredVsActual: desiredVsActual(desired, cluster.name, cluster.cluster) }),
    };
    return { view, cluster: cluster?.cluster as Json | undefined };
  });
  const readable = seen.filter((s) => s.cluster !== undefined);
  return {
    service,
    ...(e.policy && { policy: e.policy }),
    targeting: e.targeting,
    expected: e.expected,
    replicas: seen.map((s) => s.view),
    comparisons: readable.slice(1).map((other) => ({
      left: readable[0]!.view.pod,
      right: other.view.pod,
      differences: compareJson(readable[0]!.cluster, other.cluster),
    })),
  };
}
