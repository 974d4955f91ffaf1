import type { DumpedCluster, Json } from './config-dump.ts';
// .ts extension: npm run bench runs this file with Node's type stripping, which resolves no extensions.
import { ConfigDumpError, listClusters, MAX_DUMP_DEPTH, TOO_DEEP } from './config-dump.ts';

// From a Service port to its Envoy cluster, its JSON as the docs print it with the lines a
// BackendConfigPolicy produces highlighted, and expected-vs-effective verdicts. Pure.

/** `s` as a literal inside a regular expression. */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** kgateway's name for a Service port's cluster, then the variants it adds before the port. */
export function findServiceCluster(dump: unknown, namespace: string, service: string, port: number): DumpedCluster | undefined {
  const exact = `kube_${namespace}_${service}_${port}`;
  // Fast path, one pass without building every entry: dumps can hold tens of thousands of clusters.
  const hit = findByName(dump, (name) => name === exact);
  if (hit) return hit;
  const variant = new RegExp(`^kube_${escapeRegExp(namespace)}_${escapeRegExp(service)}_.+_${port}$`);
  return findByName(dump, (name) => variant.test(name));
}

const CLUSTERS_DUMP = 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump';

/** The first active (else warming) dynamic cluster whose name matches. */
function findByName(dump: unknown, match: (name: string) => boolean): DumpedCluster | undefined {
  const configs = (dump as { configs?: unknown })?.configs;
  if (!Array.isArray(configs)) return listClusters(dump)[0]; // throws the "not a config dump" error
  const section = configs.find((c) => (c as { '@type'?: string })?.['@type'] === CLUSTERS_DUMP) as Record<string, unknown> | undefined;
  for (const [key, state] of [
    ['dynamic_active_clusters', 'active'],
    ['dynamic_warming_clusters', 'warming'],
  ] as const) {
    const entries = section?.[key];
    if (!Array.isArray(entries)) continue;
    for (const e of entries as { cluster?: { name?: unknown }; version_info?: unknown; last_updated?: unknown }[]) {
      const name = e?.cluster?.name;
      if (typeof name === 'string' && match(name)) {
        return {
          name,
          state,
          cluster: e.cluster as DumpedCluster['cluster'],
          versionInfo: typeof e.version_info === 'string' ? e.version_info : undefined,
          lastUpdated: typeof e.last_updated === 'string' ? e.last_updated : undefined,
        };
      }
    }
  }
  return undefined;
}

/** Where each BackendConfigPolicy spec field lands in an Envoy cluster (kgateway's translation). */
export const POLICY_FIELD_PATHS: Record<string, string[][]> = {
  tcpKeepalive: [['upstream_connection_options']],
  connectTimeout: [['connect_timeout']],
  perConnectionBufferLimitBytes: [['per_connection_buffer_limit_bytes']],
  commonHttpProtocolOptions: [['typed_extension_protocol_options']],
  http1ProtocolOptions: [['typed_extension_protocol_options']],
  http2ProtocolOptions: [['typed_extension_protocol_options']],
  tls: [['transport_socket']],
  upstreamProxyProtocol: [['transport_socket']],
  loadBalancer: [['load_balancing_policy'], ['common_lb_config']],
  healthCheck: [['health_checks']],
  outlierDetection: [['outlier_detection']],
  circuitBreakers: [['circuit_breakers']],
  dns: [['cluster_type']],
};

/** The cluster paths to highlight for the spec fields the winning policies set. */
export function pathsForSpecFields(fields: string[]): string[][] {
  return fields.flatMap((f) => POLICY_FIELD_PATHS[f] ?? []);
}

/** Every path a BackendConfigPolicy can produce. */
export const POLICY_PATHS: string[][] = Object.values(POLICY_FIELD_PATHS).flat();

export interface JsonLine {
  text: string;
  highlight: boolean;
}

function startsWith(path: string[], prefix: string[]): boolean {
  return prefix.every((p, i) => path[i] === p);
}

/**
 * Pretty JSON with one-space indent, as Envoy's admin prints it, one entry per line. Recursive, so it
 * refuses a value nested deeper than MAX_DUMP_DEPTH (a ConfigDumpError) before the stack runs out;
 * summarizeDump has refused such a dump already, this guards a value that did not come through it.
 */
export function jsonLines(value: Json, highlightPaths: string[][] = POLICY_PATHS): JsonLine[] {
  const out: JsonLine[] = [];
  const hl = (path: string[]) => highlightPaths.some((p) => startsWith(path, p));
  const walk = (v: Json, path: string[], indent: string, prefix: string, comma: string) => {
    const on = path.length > 0 && hl(path);
    if (v !== null && typeof v === 'object') {
      if (path.length >= MAX_DUMP_DEPTH) throw new ConfigDumpError(TOO_DEEP);
      const entries: [string | null, Json][] = Array.isArray(v) ? v.map((x) => [null, x]) : Object.entries(v);
      const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
      if (entries.length === 0) {
        out.push({ text: `${indent}${prefix}${open}${close}${comma}`, highlight: on });
        return;
      }
      out.push({ text: `${indent}${prefix}${open}`, highlight: on });
      entries.forEach(([k, x], i) => {
        const childPath = k === null ? [...path, String(i)] : [...path, k];
        walk(x, childPath, `${indent} `, k === null ? '' : `${JSON.stringify(k)}: `, i < entries.length - 1 ? ',' : '');
      });
      out.push({ text: `${indent}${close}${comma}`, highlight: on });
      return;
    }
    out.push({ text: `${indent}${prefix}${JSON.stringify(v)}${comma}`, highlight: on });
  };
  walk(value, [], '', '', '');
  return out;
}
