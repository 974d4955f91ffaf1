// Big config dumps in the real shape, for the benchmarks: the local Envoy's dump in fixtures/envoy/
// grown by cloning its kube_httpbin_httpbin_8000 cluster and endpoints under new names.
import { readFileSync } from 'node:fs';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/envoy/config-dump-httpbin-keepalive.json', import.meta.url), 'utf8'));
type Entry = { cluster: { name: string } };

/** The fixture grown to about `mb` MB by cloning its httpbin cluster and endpoints under new names. */
export function makeDump(mb: number): { text: string; clusters: number; target: { ns: string; svc: string; port: number } } {
  const dump = structuredClone(fixture);
  const clustersDump = dump.configs.find((c: { '@type': string }) => c['@type'].endsWith('ClustersConfigDump'));
  const edsDump = dump.configs.find((c: { '@type': string }) => c['@type'].endsWith('EndpointsConfigDump'));
  const template = clustersDump.dynamic_active_clusters.find((e: Entry) => e.cluster.name === 'kube_httpbin_httpbin_8000');
  const eds = edsDump.dynamic_endpoint_configs.find(
    (e: { endpoint_config: { cluster_name: string } }) => e.endpoint_config.cluster_name === 'kube_httpbin_httpbin_8000',
  );
  const perCluster = JSON.stringify(template, null, 1).length + JSON.stringify(eds, null, 1).length;
  const n = Math.ceil((mb * 1024 * 1024) / perCluster);
  for (let i = 0; i < n; i++) {
    const name = `kube_ns-${Math.floor(i / 10)}_svc-${i % 10}_${8000 + (i % 10)}`;
    const c = structuredClone(template);
    c.cluster.name = name;
    clustersDump.dynamic_active_clusters.push(c);
    const e = structuredClone(eds);
    e.endpoint_config.cluster_name = name;
    edsDump.dynamic_endpoint_configs.push(e);
  }
  const last = n - 1;
  return {
    text: JSON.stringify(dump, null, 1),
    clusters: n,
    target: { ns: `ns-${Math.floor(last / 10)}`, svc: `svc-${last % 10}`, port: 8000 + (last % 10) },
  };
}
