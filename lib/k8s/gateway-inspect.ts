import 'server-only';
import { randomUUID } from 'node:crypto';
import { CoreV1Api } from '@kubernetes/client-node';
import type { PolicyDto, ReplicaView, ServiceDto, ServiceOnGatewayDto } from '@/lib/dto';
import { compareJson } from '@/lib/envoy/compare';
import { checkClusterFields, expectedClusterFields, type FieldExpectation } from '@/lib/envoy/field-verdicts';
import { findServiceCluster, jsonLines, keepaliveVerdicts, pathsForSpecFields } from '@/lib/envoy/cluster-view';
import type { DumpSummary, EnvoyTcpKeepalive, Json } from '@/lib/envoy/config-dump';
import { err, ok, type AppError, type Result } from '@/lib/errors';
import { envoyPreview, howPolicyTargets, type TcpKeepalive } from '@/lib/policy/model';
import { effectiveFields, mergeRuleFor, type MergeRule } from '@/lib/policy/precedence';
import { buildServiceRows } from '@/lib/policy/service-rows';
import { callOptions, kubeConfig } from './client';
import { getClusterInfo } from './cluster';
import { fetchConfigDump } from './config-dump';
import { keepRawDump, previousDump, type StoredDump } from './dump-store';
import { toAppError } from './errors';
import { proxyPods } from './gateways';
import { listPolicies } from './policies';
import { toServiceDto } from './services';

export type ServiceOnGateway = ServiceOnGatewayDto;

/** One replica's dump, fetched and parsed once, however many Service ports are judged from it. */
interface Replica {
  pod: string;
  error?: AppError;
  bytes?: number;
  dump?: unknown;
  summary?: DumpSummary;
  stored?: StoredDump;
}

/** Bytes received so far from one replica, while its dump downloads. */
export type ProgressListener = (pod: string, bytes: number) => void;

/** What the policies targeting one Service ask of its clusters. */
interface Expectation {
  policy?: ServiceOnGateway['policy'];
  asked?: TcpKeepalive;
  expected?: EnvoyTcpKeepalive;
  highlight: string[][];
  writtenAt?: string;
  targeting: string[];
  /** Fields other than tcpKeepalive, each with the policy that supplies it. */
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

function expectationFor(svc: ServiceDto, policies: PolicyDto[], rule: MergeRule): Expectation {
  const row = buildServiceRows([svc], policies, rule)[0]!;
  const winner = row.keepalive ? policies.find((p) => p.namespace === svc.namespace && p.name === row.keepalive!.from) : undefined;
  const targeting = policies.filter((p) => howPolicyTargets(p, svc));
  const effective = effectiveFields(targeting, rule);
  return {
    ...(row.keepalive && { policy: { name: row.keepalive.from, asked: row.keepalive.value, overridden: row.keepalive.overridden } }),
    asked: row.keepalive?.value,
    expected: expectedEnvoy(row.keepalive?.value),
    highlight: pathsForSpecFields(Object.keys(effective)),
    writtenAt: winner?.managers[0]?.time,
    targeting: targeting.map((p) => p.name),
    fields: Object.entries(effective)
      .filter(([field]) => field !== 'tcpKeepalive')
      .flatMap(([field, source]) => expectedClusterFields({ [field]: source.value }).map((x) => ({ ...x, from: source.from.name }))),
    lastWrite:
      targeting
        .flatMap((p) => p.managers.map((m) => m.time ?? ''))
        .sort()
        .at(-1) || undefined,
  };
}

async function readReplica(
  context: string | undefined,
  gateway: { namespace: string; name: string },
  pod: { name: string; phase: string },
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
  const raw = await fetchConfigDump(context, namespace, pod.name, {
    onProgress: onProgress && ((bytes) => onProgress(pod.name, bytes)),
    signal,
  });
  if (!raw.ok) return { pod: pod.name, error: raw.error };
  const kept = keepRawDump({ context, namespace, gateway: gateway.name, pod: pod.name }, raw.value, batch);
  if (!kept.ok) return { pod: pod.name, bytes: raw.value.length, error: kept.error };
  const stored = kept.value;
  return { pod: pod.name, bytes: raw.value.length, dump: stored.dump, summary: stored.summary, stored };
}

/**
 * A change reaches Envoy within seconds (up to ~17 s here, README): within this long of a write,
 * an older cluster is "not yet"; after it, a mismatch is "different" — kgateway skips some fields
 * (HTTP/2 options on an HTTP/1 backend), and then the cluster never changes at all.
 */
const PROPAGATION_MS = 120_000;

/** Envoy last updated the cluster before the policy was last written, recently: it has not seen the change. */
function isStale(lastUpdated: string | undefined, written: string | undefined, now = Date.now()): boolean {
  return !!(lastUpdated && written && Date.parse(lastUpdated) < Date.parse(written) && now - Date.parse(written) < PROPAGATION_MS);
}

/** One Service port judged on every replica's (already parsed) dump. */
function judge(replicas: Replica[], service: ServiceOnGateway['service'], e: Expectation): ServiceOnGateway {
  const seen = replicas.map((r) => {
    if (r.error) return { view: { pod: r.pod, dumpBytes: r.bytes, error: r.error } as ReplicaView };
    const cluster = findServiceCluster(r.dump, service.namespace, service.name, service.port);
    const view: ReplicaView = {
      pod: r.pod,
      dumpBytes: r.bytes,
      summary: r.summary,
      dumpId: r.stored?.id,
      fetchedAt: r.stored?.fetchedAt,
      previousDumpId: r.stored && previousDump(r.stored)?.id,
      clusterName: cluster?.name,
      versionInfo: cluster?.versionInfo,
      lastUpdated: cluster?.lastUpdated,
      verdicts: keepaliveVerdicts(e.asked, e.expected, cluster, isStale(cluster?.lastUpdated, e.writtenAt) ? e.writtenAt : undefined),
      fieldChecks: checkClusterFields(
        e.fields,
        cluster?.cluster as Record<string, Json> | undefined,
        isStale(cluster?.lastUpdated, e.lastWrite),
      ),
      lines: cluster ? jsonLines(cluster.cluster, e.highlight) : undefined,
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

/**
 * Service ports as every replica of a Gateway sees them, against what their policies ask for.
 * Each replica's dump is fetched and parsed once for all the ports.
 */
export async function inspectGateway(
  context: string | undefined,
  gateway: { namespace: string; name: string },
  targets: { service: ServiceDto; port: number }[],
  onProgress?: ProgressListener,
  signal?: AbortSignal,
  onlyPod?: string,
): Promise<Result<ServiceOnGateway[]>> {
  const namespaces = [...new Set(targets.map((t) => t.service.namespace))];
  const [pods, policyLists, cluster] = await Promise.all([
    proxyPods(context, gateway.namespace, gateway.name),
    Promise.all(namespaces.map((ns) => listPolicies(context, ns))),
    getClusterInfo(context),
  ]);
  if (!pods.ok) return pods;
  const chosen = onlyPod ? pods.value.filter((p) => p.name === onlyPod) : pods.value;
  if (onlyPod && chosen.length === 0) {
    return err({
      kind: 'not_found',
      message: `Replica ${onlyPod} is not a proxy pod of Gateway ${gateway.namespace}/${gateway.name} (any more): its pods are ${pods.value.map((p) => p.name).join(', ') || 'none'}.`,
    });
  }
  const policies = policyLists.flatMap((p) => (p.ok ? p.value : []));
  const rule = mergeRuleFor(cluster.ok ? cluster.value.kgateway.version : undefined);
  const batch = randomUUID();
  const replicas = await Promise.all(chosen.map((p) => readReplica(context, gateway, p, batch, onProgress, signal)));
  const expectations = new Map<ServiceDto, Expectation>();
  return ok(
    targets.map(({ service, port }) => {
      if (!expectations.has(service)) expectations.set(service, expectationFor(service, policies, rule));
      return judge(replicas, { namespace: service.namespace, name: service.name, port }, expectations.get(service)!);
    }),
  );
}

/** One Service port as every replica of a Gateway sees it. */
export async function inspectServiceOnGateway(
  context: string | undefined,
  gateway: { namespace: string; name: string },
  service: ServiceOnGateway['service'],
  onProgress?: ProgressListener,
  signal?: AbortSignal,
  onlyPod?: string,
): Promise<Result<ServiceOnGateway>> {
  let svc: ServiceDto;
  try {
    svc = toServiceDto(
      await kubeConfig(context)
        .makeApiClient(CoreV1Api)
        .readNamespacedService({ namespace: service.namespace, name: service.name }, callOptions),
    );
  } catch (e) {
    return err(toAppError(e, { verb: 'get', resource: 'services', namespace: service.namespace }));
  }
  const views = await inspectGateway(context, gateway, [{ service: svc, port: service.port }], onProgress, signal, onlyPod);
  return views.ok ? ok(views.value[0]!) : views;
}
