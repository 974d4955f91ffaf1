import 'server-only';
import { err, ok, type AppError, type Result } from '@/lib/wire/errors';
import { backendClusterName, clusterName, findingsForPolicy, type ClusterObservation, type Finding } from '@/lib/inspect/findings';
import { howPolicyTargets } from '@/lib/policy/model';
import { mergeRuleFor } from '@/lib/policy/precedence';
import { listClusters, type DumpedCluster } from '@/lib/envoy/config-dump';
import { clusterNameRegexes, clusterReadPaths, joinClusterReads } from '@/lib/envoy/cluster-read';
import { servicesWithBackendTls } from './backend-tls';
import { kgatewayVersion } from './cluster';
import { ENVOY_ADMIN_PORT, fetchPodAdmin } from './config-dump';
import { listGateways, routeBackends } from './gateways';
import { getPolicy, listPolicies } from './policies';
import { listServices } from './services';
import type { Session } from './session';
import { readGatewaySync } from './xds-sync';

// The I/O of a policy's findings: its namespace's Services and policies, the routes, the
// BackendTLSPolicies, every Gateway's sync state, and where each target cluster stands on each
// replica — asked of Envoy by name (`mask=…&name_regex=^…$`), not by reading whole dumps.

/** Clusters asked for by name in one read; a policy selecting more is observed for these only. */
const MAX_CLUSTERS = 64;

async function observe(
  session: Session,
  gateway: { namespace: string; name: string; pods: { name: string; phase: string }[] },
  names: string[],
  signal?: AbortSignal,
): Promise<ClusterObservation[]> {
  if (!names.length) return [];
  let regexes: string[];
  try {
    regexes = clusterNameRegexes(names); // each within the admin path's bound
  } catch {
    regexes = []; // a name too long to ask for (Kubernetes' name limits keep them far below it): missing
  }
  const out: ClusterObservation[] = [];
  for (const pod of gateway.pods.filter((p) => p.phase === 'Running')) {
    const seen = new Map<string, ClusterObservation>();
    const clusters: DumpedCluster[] = [];
    let unread: AppError | undefined;
    for (const regex of regexes) {
      // Active and warming in one answer (lib/envoy/cluster-read.ts): a mask valid only for clusters.
      const r = await fetchPodAdmin(
        session,
        gateway.namespace,
        pod.name,
        { port: ENVOY_ADMIN_PORT, method: 'POST', path: clusterReadPaths(regex).clusters },
        { signal, maxBytes: 8 * 1024 * 1024 },
      );
      if (!r.ok) {
        unread = r.error;
        break;
      }
      try {
        clusters.push(...listClusters(joinClusterReads({ node: '{}', clusters: [r.value.toString('utf8')], endpoints: [] })));
      } catch (e) {
        unread = {
          kind: 'invalid',
          message: `Envoy's admin on ${pod.name} answered with something other than a config dump: ${(e as Error).message}`,
        };
        break;
      }
    }
    const at = (cluster: string, state: ClusterObservation['state'], more?: Partial<ClusterObservation>): ClusterObservation => ({
      gateway: `${gateway.namespace}/${gateway.name}`,
      namespace: gateway.namespace,
      pod: pod.name,
      cluster,
      state,
      ...more,
    });
    if (unread) {
      const { message, kind } = unread;
      for (const name of names) out.push(at(name, 'unread', { reason: message, forbidden: kind === 'forbidden' }));
      continue;
    }
    for (const c of clusters) {
      if (c.state === 'warming' || !seen.has(c.name))
        seen.set(
          c.name,
          at(c.name, c.state === 'warming' ? 'warming' : 'active', {
            lastUpdated: c.lastUpdated,
            healthChecks: Array.isArray(c.cluster.health_checks) && c.cluster.health_checks.length > 0,
          }),
        );
    }
    for (const name of names) out.push(seen.get(name) ?? at(name, 'missing'));
  }
  return out;
}

/** Why a policy is or is not in effect, in plain words with evidence and commands. */
export async function policyFindings(session: Session, namespace: string, name: string, signal?: AbortSignal): Promise<Result<Finding[]>> {
  const [policy, services, policies, gateways, routes, backendTls, version] = await Promise.all([
    getPolicy(session, namespace, name),
    listServices(session, namespace),
    listPolicies(session, namespace),
    listGateways(session),
    routeBackends(session),
    servicesWithBackendTls(session, namespace),
    kgatewayVersion(session),
  ]);
  if (!policy.ok) return policy;
  if (!services.ok) return services;
  if (!policies.ok) return policies;
  const targets = services.value.filter((s) => howPolicyTargets(policy.value, s));
  const backends = (
    Array.isArray(policy.value.spec.targetRefs) ? (policy.value.spec.targetRefs as { group?: string; kind?: string; name?: string }[]) : []
  )
    .filter((r) => r.group === 'gateway.kgateway.dev' && r.kind === 'Backend' && r.name)
    .map((r) => backendClusterName(namespace, r.name!));
  const names = [...targets.flatMap((s) => s.ports.map((p) => clusterName(s.namespace, s.name, p.port))), ...backends].slice(
    0,
    MAX_CLUSTERS,
  );
  const gws = gateways.ok ? gateways.value : [];
  const [syncs, observations] = await Promise.all([
    Promise.all(gws.map((g) => readGatewaySync(session, g, signal))),
    Promise.all(gws.map((g) => observe(session, g, names, signal))),
  ]);
  if (signal?.aborted) return err({ kind: 'unavailable', message: 'The request went away.' });
  return ok(
    findingsForPolicy(policy.value, {
      version,
      rule: mergeRuleFor(version),
      services: services.value,
      policies: policies.value,
      routes,
      backendTls,
      clusters: observations.flat(),
      syncs: syncs.flatMap((s) => (s.ok ? [s.value] : [])),
    }),
  );
}
