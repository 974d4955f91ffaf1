import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findCluster } from './config-dump';
import { compareDumps, compareJson } from './compare';

// The same proxy before and after the guide's policy (fixtures/envoy/).
const before = findCluster(JSON.parse(readFileSync('fixtures/envoy/config-dump-no-policy.json', 'utf8')), 'kube_httpbin_httpbin_8000')!;
const after = findCluster(
  JSON.parse(readFileSync('fixtures/envoy/config-dump-httpbin-keepalive.json', 'utf8')),
  'kube_httpbin_httpbin_8000',
)!;

describe('compareJson', () => {
  it('names exactly what the policy changed on the cluster', () => {
    expect(compareJson(before.cluster, after.cluster)).toEqual([
      {
        path: '.upstream_connection_options',
        left: undefined,
        right: { tcp_keepalive: { keepalive_probes: 3, keepalive_time: 30, keepalive_interval: 5 } },
      },
    ]);
  });

  it('finds nothing between identical clusters, and reports changed leaves by path', () => {
    expect(compareJson(after.cluster, structuredClone(after.cluster))).toEqual([]);
    const changed = structuredClone(after.cluster) as { upstream_connection_options: { tcp_keepalive: { keepalive_time: number } } };
    changed.upstream_connection_options.tcp_keepalive.keepalive_time = 90;
    expect(compareJson(after.cluster, changed)).toEqual([
      { path: '.upstream_connection_options.tcp_keepalive.keepalive_time', left: 30, right: 90 },
    ]);
  });
});

describe('compareDumps', () => {
  it("finds the one cluster the guide's policy changed, before against after", () => {
    const dump = (f: string) => JSON.parse(readFileSync(`fixtures/envoy/${f}`, 'utf8'));
    const c = compareDumps(dump('config-dump-no-policy.json'), dump('config-dump-httpbin-keepalive.json'));
    expect(c.onlyLeft).toEqual([]);
    expect(c.onlyRight).toEqual([]);
    expect(c.changed.map((x) => [x.name, x.differences.map((d) => d.path)])).toEqual([
      ['kube_httpbin_httpbin_8000', ['.upstream_connection_options']],
    ]);
    expect(c.same).toBe(11);
  });
});
