import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigDumpError, findCluster } from './config-dump';
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

  it('lists differences depth first in key order, arrays by index, skipping what Envoy sets per delivery', () => {
    const left = { b: [1, { x: 1 }], a: { version_info: '1', y: 'same' }, c: 1 };
    const right = { c: { z: 1 }, a: { version_info: '2', y: 'same' }, b: [2, { x: 1 }, 3], d: null };
    expect(compareJson(left, right)).toEqual([
      { path: '.b[0]', left: 1, right: 2 },
      { path: '.b[2]', left: undefined, right: 3 },
      { path: '.c', left: 1, right: { z: 1 } },
      { path: '.d', left: undefined, right: null },
    ]);
    expect(compareJson([1], { 0: 1 })).toEqual([{ path: '.', left: [1], right: { 0: 1 } }]);
  });

  it('compares values nested 100,000 levels deep without overflowing the stack', () => {
    const nested = (leaf: number) => JSON.parse(`${'{"a":'.repeat(100_000)}${leaf}${'}'.repeat(100_000)}`);
    const differences = compareJson(nested(1), nested(2));
    expect(differences).toHaveLength(1);
    expect(differences[0]!.path).toBe('.a'.repeat(100_000));
    expect([differences[0]!.left, differences[0]!.right]).toEqual([1, 2]);
    expect(compareJson(nested(1), nested(1))).toEqual([]);
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

  it('refuses a dump nested past the cap, whose differences could not be shown', () => {
    const deep = { configs: [JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)] };
    const dump = JSON.parse(readFileSync('fixtures/envoy/config-dump-no-policy.json', 'utf8'));
    expect(() => compareDumps(dump, deep)).toThrow(ConfigDumpError);
    expect(() => compareDumps(deep, dump)).toThrow(/more than 128 levels deep/);
  });
});
