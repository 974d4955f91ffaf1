import { ConfigDumpError, checkDumpDepth, isObject, type Json } from './config-dump.ts';
import { escapeRegExp } from './cluster-view.ts';

// A cluster view asks each Envoy for the clusters it shows, not for the whole dump. On Envoy 1.40
// (checked on the stack, fixtures/envoy/targeted/):
// - `name_regex` is matched against the whole name (RE2 full match) of every entry of every config;
// - a `mask` that is valid only for ClustersConfigDump (`dynamic_active_clusters,
//   dynamic_warming_clusters`) keeps only that config: one answer holds active and warming;
// - endpoints need `include_eds&resource=dynamic_endpoint_configs` (a mask naming fields of two
//   config types is refused: "could not be successfully applied to any configs");
// - the node and version are a masked bootstrap. Counts are left out: on 50,000 clusters Envoy takes
//   0.18 s to walk its stats for them (one stat type), where the cluster itself takes 0.02 s.
// This module builds those requests and joins the answers into the shape of a dump, so the
// readers of whole dumps (findServiceCluster, compare) read it unchanged. Pure.

/** The longest admin path the dashboard sends (lib/k8s/config-dump.ts refuses longer ones). */
export const MAX_ADMIN_PATH = 512;

export interface ClusterTarget {
  namespace: string;
  service: string;
  port: number;
}

/** kgateway's names for a Service port's cluster: `kube_<ns>_<svc>_<port>`, or with a variant before the port. */
function targetPattern(t: ClusterTarget): string {
  return `kube_${escapeRegExp(t.namespace)}_${escapeRegExp(t.service)}_(.+_)?${t.port}`;
}

export const CLUSTERS_QUERY = 'mask=dynamic_active_clusters,dynamic_warming_clusters&name_regex=';
export const ENDPOINTS_QUERY = 'include_eds&resource=dynamic_endpoint_configs&name_regex=';
// `name_regex=^$` matches no resource, so Envoy skips serializing every cluster before the mask
// applies: on 50,000 clusters 0.03 s instead of 0.14 s, the same answer.
export const NODE_PATH = '/config_dump?mask=bootstrap.node.id,bootstrap.node.user_agent_build_version&name_regex=%5E%24';

/**
 * The `name_regex` values that together match every target's cluster, each short enough that the
 * longer of the two paths built from it stays within MAX_ADMIN_PATH. Usually one.
 */
export function clusterRegexes(targets: ClusterTarget[]): string[] {
  return regexGroups(targets.map(targetPattern));
}

/** The same, for clusters known by their exact names (the findings' own reads). */
export function clusterNameRegexes(names: string[]): string[] {
  return regexGroups(names.map(escapeRegExp));
}

function regexGroups(all: string[]): string[] {
  const room = MAX_ADMIN_PATH - '/config_dump?'.length - Math.max(CLUSTERS_QUERY.length, ENDPOINTS_QUERY.length);
  const patterns = [...new Set(all)];
  const groups: string[][] = [];
  for (const p of patterns) {
    if (encodeURIComponent(`^(${p})$`).length > room) {
      throw new ConfigDumpError(`The cluster name for ${p} is too long to ask Envoy for (${MAX_ADMIN_PATH} characters at most).`);
    }
    const last = groups.at(-1);
    if (last && encodeURIComponent(`^(${[...last, p].join('|')})$`).length <= room) last.push(p);
    else groups.push([p]);
  }
  return groups.map((g) => `^(${g.join('|')})$`);
}

/** The two reads for one regex: the clusters (active and warming) and their endpoints. */
export function clusterReadPaths(regex: string): { clusters: string; endpoints: string } {
  const r = encodeURIComponent(regex);
  return { clusters: `/config_dump?${CLUSTERS_QUERY}${r}`, endpoints: `/config_dump?${ENDPOINTS_QUERY}${r}` };
}

/** What a replica card says about its Envoy, from a few hundred bytes instead of the dump. */
export interface ReplicaSummary {
  envoyVersion?: string;
  nodeId?: string;
  /** Only in snapshots saved when views read whole dumps. */
  clusters?: number;
  listeners?: number;
}

const CLUSTERS_DUMP = 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump';
const ENDPOINTS_DUMP = 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump';
const BOOTSTRAP_DUMP = 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump';

function parse(text: string, what: string): Json {
  let v: Json;
  try {
    v = JSON.parse(text) as Json;
  } catch (e) {
    throw new ConfigDumpError(`Envoy's answer for ${what} is not JSON (${(e as Error).message}).`);
  }
  checkDumpDepth(v);
  if (!isObject(v)) throw new ConfigDumpError(`Envoy's answer for ${what} is not a JSON object.`);
  // Envoy answers `{}` when nothing matched.
  if (v.configs !== undefined && !Array.isArray(v.configs)) throw new ConfigDumpError(`Envoy's answer for ${what} has no "configs" list.`);
  return v;
}

const configsOf = (v: Json) => ((v as { configs?: Json[] }).configs ?? []).filter(isObject);

/**
 * The answers of one replica joined into the shape of a config dump: its node, the clusters that
 * matched (active and warming, as Envoy lists them) and their endpoints. Throws ConfigDumpError
 * on an answer that is not what Envoy writes.
 */
export function joinClusterReads(answers: { node: string; clusters: string[]; endpoints: string[] }): Json {
  const node = configsOf(parse(answers.node, 'the node')).find((c) => c['@type'] === BOOTSTRAP_DUMP);
  const active: Json[] = [];
  const warming: Json[] = [];
  for (const text of answers.clusters) {
    for (const c of configsOf(parse(text, 'the clusters'))) {
      if (c['@type'] !== CLUSTERS_DUMP) throw new ConfigDumpError(`Envoy answered a ${String(c['@type'])} where clusters were asked for.`);
      if (Array.isArray(c.dynamic_active_clusters)) active.push(...c.dynamic_active_clusters);
      if (Array.isArray(c.dynamic_warming_clusters)) warming.push(...c.dynamic_warming_clusters);
    }
  }
  const endpoints = answers.endpoints.flatMap((text) => configsOf(parse(text, 'the endpoints')));
  return {
    configs: [
      ...(node ? [node] : []),
      {
        '@type': CLUSTERS_DUMP,
        ...(active.length > 0 && { dynamic_active_clusters: active }),
        ...(warming.length > 0 && { dynamic_warming_clusters: warming }),
      },
      {
        '@type': ENDPOINTS_DUMP,
        ...(endpoints.length > 0 && {
          // Each is listed as a DynamicEndpointConfig on its own; in a dump it has no @type.
          dynamic_endpoint_configs: endpoints.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== '@type'))),
        }),
      },
    ],
  };
}

/** The replica's node and Envoy version, from the masked bootstrap (`NODE_PATH`). */
export function replicaSummary(nodeAnswer: string): ReplicaSummary {
  const node = (configsOf(parse(nodeAnswer, 'the node')).find((c) => c['@type'] === BOOTSTRAP_DUMP)?.bootstrap as Record<string, Json>)
    ?.node as Record<string, Json> | undefined;
  const v = (node?.user_agent_build_version as Record<string, Json> | undefined)?.version as Record<string, Json> | undefined;
  return {
    ...(v && { envoyVersion: `${v.major_number ?? 0}.${v.minor_number ?? 0}.${v.patch ?? 0}` }),
    ...(typeof node?.id === 'string' && { nodeId: node.id }),
  };
}

/** The endpoints Envoy holds for `cluster` (every locality), or undefined when it lists no assignment for it. */
export function endpointCount(dump: unknown, cluster: string): number | undefined {
  const configs = (dump as { configs?: unknown })?.configs;
  if (!Array.isArray(configs)) return undefined;
  const eds = configs.find((c) => isObject(c) && c['@type'] === ENDPOINTS_DUMP) as Record<string, Json> | undefined;
  for (const key of ['static_endpoint_configs', 'dynamic_endpoint_configs']) {
    const list = eds?.[key];
    if (!Array.isArray(list)) continue;
    for (const e of list) {
      const a = isObject(e) ? (e.endpoint_config as Record<string, Json> | undefined) : undefined;
      if (a?.cluster_name !== cluster) continue;
      const localities = Array.isArray(a.endpoints) ? a.endpoints.filter(isObject) : [];
      return localities.reduce((n, l) => n + (Array.isArray(l.lb_endpoints) ? l.lb_endpoints.length : 0), 0);
    }
  }
  return undefined;
}
