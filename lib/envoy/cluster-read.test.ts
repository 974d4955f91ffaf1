import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clusterNameRegexes,
  clusterReadPaths,
  clusterRegexes,
  endpointCount,
  joinClusterReads,
  MAX_ADMIN_PATH,
  replicaSummary,
} from './cluster-read';
import { findServiceCluster } from './cluster-view';
import { compareDumps } from './compare';
import { ConfigDumpError, summarizeDump } from './config-dump';

// Real answers of the stack's Envoy 1.40 to the targeted reads (fixtures/envoy/README.md).
const dir = resolve(__dirname, '../../fixtures/envoy/targeted');
const read = (f: string) => readFileSync(resolve(dir, f), 'utf8');
const whole = JSON.parse(readFileSync(resolve(__dirname, '../../fixtures/envoy/config-dump-no-policy.json'), 'utf8')) as unknown;

describe('clusterNameRegexes', () => {
  it('matches exact names only, dots and pipes escaped, in groups that each fit the admin path', () => {
    const names = Array.from({ length: 40 }, (_, i) => `kube_shop_svc.${i}_8080`).concat('backend_shop_a|b_0');
    const groups = clusterNameRegexes(names);
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups) expect(clusterReadPaths(g).endpoints.length).toBeLessThanOrEqual(MAX_ADMIN_PATH);
    const all = groups.map((g) => new RegExp(g));
    for (const n of names) expect(all.filter((r) => r.test(n))).toHaveLength(1);
    expect(all.some((r) => r.test('kube_shop_svcX0_8080') || r.test('backend_shop_a'))).toBe(false);
  });
});

describe('clusterRegexes', () => {
  it('matches kgateway names of each target, and only those', () => {
    const [re, ...more] = clusterRegexes([
      { namespace: 'httpbin', service: 'httpbin', port: 8000 },
      { namespace: 'shop', service: 'cart', port: 8080 },
    ]);
    expect(more).toEqual([]);
    // The regex the fixtures were read with.
    expect(re).toBe('^(kube_httpbin_httpbin_(.+_)?8000|kube_shop_cart_(.+_)?8080)$');
    const r = new RegExp(re!);
    expect(r.test('kube_httpbin_httpbin_8000')).toBe(true);
    expect(r.test('kube_shop_cart_http_8080')).toBe(true);
    expect(r.test('kube_shop_cart_80800')).toBe(false);
    expect(r.test('kube_shop_carts_8080')).toBe(false);
  });

  it('escapes names and splits into groups that fit the admin path bound', () => {
    const targets = Array.from({ length: 40 }, (_, i) => ({ namespace: 'team-a', service: `svc.${i}`, port: 8000 + i }));
    const groups = clusterRegexes(targets);
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups) {
      const { clusters, endpoints } = clusterReadPaths(g);
      expect(Math.max(clusters.length, endpoints.length)).toBeLessThanOrEqual(MAX_ADMIN_PATH);
    }
    // Every target in exactly one group; the dot is literal.
    for (const t of targets) {
      const name = `kube_${t.namespace}_${t.service}_${t.port}`;
      expect(groups.filter((g) => new RegExp(g).test(name))).toHaveLength(1);
      expect(groups.some((g) => new RegExp(g).test(name.replace('.', 'x')))).toBe(false);
    }
  });

  it('refuses a name that cannot fit', () => {
    expect(() => clusterRegexes([{ namespace: 'a'.repeat(63), service: 'b'.repeat(400), port: 1 }])).toThrow(ConfigDumpError);
  });
});

describe('joinClusterReads', () => {
  const joined = joinClusterReads({ node: read('node.json'), clusters: [read('clusters.json')], endpoints: [read('endpoints.json')] });

  it("gives the same cluster as the whole dump, and the Envoy's node", () => {
    const one = findServiceCluster(joined, 'httpbin', 'httpbin', 8000)!;
    const full = findServiceCluster(whole, 'httpbin', 'httpbin', 8000)!;
    expect(one.name).toBe('kube_httpbin_httpbin_8000');
    expect(one.state).toBe('active');
    expect(one.cluster).toEqual(full.cluster);
    expect(findServiceCluster(joined, 'shop', 'cart', 8080)?.name).toBe('kube_shop_cart_8080');
    const s = summarizeDump(joined);
    expect(s).toMatchObject({ envoyVersion: '1.40.0', clusters: 2, endpointConfigs: 2 });
    expect(s.nodeId).toMatch(/\.kgateway-system$/);
  });

  it('compares with an earlier read like two dumps', () => {
    const changed = JSON.parse(read('clusters.json')) as { configs: { dynamic_active_clusters: { cluster: Record<string, unknown> }[] }[] };
    changed.configs[0]!.dynamic_active_clusters[0]!.cluster.connect_timeout = '7s';
    const after = joinClusterReads({ node: read('node.json'), clusters: [JSON.stringify(changed)], endpoints: [read('endpoints.json')] });
    const c = compareDumps(joined, after);
    expect(c.changed.map((x) => x.name)).toEqual(['kube_httpbin_httpbin_8000']);
    expect(c.onlyLeft).toEqual([]);
    expect(c.onlyRight).toEqual([]);
    expect(c.same).toBe(1);
  });

  it('is empty, not an error, when nothing matched (Envoy answers {})', () => {
    const none = joinClusterReads({
      node: read('node.json'),
      clusters: [read('clusters-none.json')],
      endpoints: [read('endpoints-none.json')],
    });
    expect(findServiceCluster(none, 'httpbin', 'httpbin', 8000)).toBeUndefined();
    expect(summarizeDump(none).clusters).toBe(0);
  });

  it('refuses answers that are not what Envoy writes, with the reason', () => {
    const join = (clusters: string) => () => joinClusterReads({ node: read('node.json'), clusters: [clusters], endpoints: [] });
    expect(join('<html>')).toThrow(/the clusters is not JSON/);
    expect(join('{"configs": 3}')).toThrow(/no "configs" list/);
    expect(join(read('endpoints.json'))).toThrow(/DynamicEndpointConfig where clusters were asked for/);
    expect(join('['.repeat(500) + ']'.repeat(500))).toThrow(/Nested more than/);
  });
});

describe('replicaSummary', () => {
  it("reads the node and the version from Envoy's answer", () => {
    const s = replicaSummary(read('node.json'));
    expect(s.envoyVersion).toBe('1.40.0');
    expect(s.nodeId).toMatch(/^http-[a-z0-9]+-[a-z0-9]+\.kgateway-system$/);
  });

  it('leaves out what it cannot read', () => {
    expect(replicaSummary('{}')).toEqual({});
  });
});

describe('endpointCount', () => {
  const rich = JSON.parse(readFileSync(resolve(__dirname, '../../fixtures/xds/config-dump-httpbin-rich.json'), 'utf8')) as unknown;
  it('counts the endpoints of one assignment, zero when it has none, undefined when there is none', () => {
    expect(endpointCount(rich, 'backend_httpbin_httpbin-static_0')).toBe(1);
    expect(endpointCount(rich, 'http.kgateway-system')).toBe(2);
    expect(endpointCount(rich, 'kube_httpbin_httpbin_8000')).toBe(0);
    expect(endpointCount(rich, 'kube_nowhere_x_1')).toBeUndefined();
    const joined = joinClusterReads({ node: read('node.json'), clusters: [read('clusters.json')], endpoints: [read('endpoints.json')] });
    expect(endpointCount(joined, 'kube_shop_cart_8080')).toBe(0);
  });
});
