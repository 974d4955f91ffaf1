import 'server-only';
import { CoreV1Api } from '@kubernetes/client-node';
import { envoyPreview, type TcpKeepalive } from '@/lib/policy/model';
import { mergeRuleFor } from '@/lib/policy/precedence';
import { buildServiceRows } from '@/lib/policy/service-rows';
import { ConfigDumpError, summarizeDump, type EnvoyTcpKeepalive, type Json } from '@/lib/envoy/config-dump';
import { compareJson, type Difference } from '@/lib/envoy/compare';
import { findServiceCluster, jsonLines, keepaliveVerdicts, pathsForSpecFields } from '@/lib/envoy/cluster-view';
import { effectiveFields } from '@/lib/policy/precedence';
import { howPolicyTargets } from '@/lib/policy/model';
import type { ReplicaView } from '@/lib/dto';
import { err, ok, type Result } from '@/lib/errors';
import { callOptions, kubeConfig } from './client';
import { getClusterInfo } from './cluster';
import { fetchConfigDump } from './config-dump';
import { toAppError } from './errors';
import { proxyPods } from './gateways';
import { listPolicies } from './policies';
import { toServiceDto } from './services';

interface Inspected {
  view: ReplicaView;
  cluster?: Json;
}

export interface ServiceOnGateway {
  service: { namespace: string; name: string; port: number };
  policy?: { name: string; asked: TcpKeepalive; overridden: string[] };
  expected?: EnvoyTcpKeepalive;
  replicas: ReplicaView[];
  /** The first readable replica's cluster against each other replica's, field by field. */
  comparisons: { left: string; right: string; differences: Difference[] }[];
}

function expectedEnvoy(k: TcpKeepalive | undefined): EnvoyTcpKeepalive | undefined {
  if (!k) return undefined;
  const out: EnvoyTcpKeepalive = {};
  for (const v of envoyPreview(k)) if (v.envoy !== undefined) out[v.envoyField as keyof EnvoyTcpKeepalive] = v.envoy;
  return out;
}

async function inspectReplica(context: string | undefined, namespace: string, pod: string, svc: ServiceOnGateway['service'],
  asked: TcpKeepalive | undefined, expected: EnvoyTcpKeepalive | undefined, highlight: string[][], writtenAt?: string): Promise<Inspected> {
  const raw = await fetchConfigDump(context, namespace, pod);
  if (!raw.ok) return { view: { pod, error: raw.error } };
  let dump: unknown;
  try {
    dump = JSON.parse(raw.value.toString('utf8'));
    const summary = summarizeDump(dump);
    const cluster = findServiceCluster(dump, svc.namespace, svc.name, svc.port);
    return {
      cluster: cluster?.cluster,
      view: {
        pod, dumpBytes: raw.value.length, summary, clusterName: cluster?.name, versionInfo: cluster?.versionInfo,
        lastUpdated: cluster?.lastUpdated, verdicts: keepaliveVerdicts(asked, expected, cluster, writtenAt),
        lines: cluster ? jsonLines(cluster.cluster, highlight) : undefined,
      },
    };
  } catch (e) {
    const why = e instanceof ConfigDumpError ? e.message : `not JSON (${(e as Error).message})`;
    return { view: { pod, dumpBytes: raw.value.length, error: { kind: 'invalid', message: `The config dump of ${pod} could not be read: ${why}` } } };
  }
}

/** One Service port as every replica of a Gateway sees it, against what its policies ask for. */
export async function inspectServiceOnGateway(context: string | undefined, gateway: { namespace: string; name: string },
  service: ServiceOnGateway['service']): Promise<Result<ServiceOnGateway>> {
  let svcDto;
  try {
    svcDto = toServiceDto(await kubeConfig(context).makeApiClient(CoreV1Api).readNamespacedService({ namespace: service.namespace, name: service.name }, callOptions));
  } catch (e) {
    return err(toAppError(e, { verb: 'get', resource: 'services', namespace: service.namespace }));
  }
  const [pods, policies, cluster] = await Promise.all([
    proxyPods(context, gateway.namespace, gateway.name), listPolicies(context, service.namespace), getClusterInfo(context),
  ]);
  if (!pods.ok) return pods;
  const rule = mergeRuleFor(cluster.ok ? cluster.value.kgateway.version : undefined);
  const row = buildServiceRows([svcDto], policies.ok ? policies.value : [], rule)[0]!;
  const winner = row.keepalive && policies.ok ? policies.value.find((p) => p.name === row.keepalive!.from) : undefined;
  const asked = row.keepalive?.value;
  const expected = expectedEnvoy(asked);
  const targeting = policies.ok ? policies.value.filter((p) => howPolicyTargets(p, svcDto)) : [];
  const highlight = pathsForSpecFields(Object.keys(effectiveFields(targeting, rule)));
  // Pods that are not running are reported, not dialled: nothing would answer.
  const inspected = await Promise.all(pods.value.map((p) => p.phase === 'Running'
    ? inspectReplica(context, gateway.namespace, p.name, service, asked, expected, highlight, winner?.managers[0]?.time)
    : Promise.resolve<Inspected>({ view: { pod: p.name, error: { kind: 'unavailable', message: `Pod ${gateway.namespace}/${p.name} is ${p.phase}, not Running: its Envoy cannot be read.` } } })));
  const readable = inspected.filter((i) => i.cluster !== undefined);
  const comparisons = readable.slice(1).map((other) => ({
    left: readable[0]!.view.pod, right: other.view.pod, differences: compareJson(readable[0]!.cluster, other.cluster),
  }));
  const replicas = inspected.map((i) => i.view);
  return ok({
    service,
    ...(row.keepalive && { policy: { name: row.keepalive.from, asked: row.keepalive.value, overridden: row.keepalive.overridden } }),
    expected,
    replicas,
    comparisons,
  });
}
