import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarizeDump } from './config-dump';
import { listSection, sliceOf } from './sections';

// A real dump from the local stack's Envoy (fixtures/envoy/README.md).
const dump = JSON.parse(readFileSync('fixtures/envoy/config-dump-httpbin-keepalive.json', 'utf8'));

describe('listSection', () => {
  it('counts what summarizeDump counts, for every kind', () => {
    const s = summarizeDump(dump);
    expect(listSection(dump, 'clusters').total).toBe(s.clusters);
    expect(listSection(dump, 'listeners').total).toBe(s.listeners);
    expect(listSection(dump, 'routes').total).toBe(s.routeConfigs);
    expect(listSection(dump, 'endpoints').total).toBe(s.endpointConfigs);
  });

  it('filters by name and pages, saying how many matched', () => {
    const page = listSection(dump, 'clusters', 'kube_', 2);
    expect(page.entries).toHaveLength(2);
    expect(page.matched).toBeGreaterThan(2);
    expect(page.entries.every((e) => e.name.startsWith('kube_'))).toBe(true);
  });

  it("reads a dynamic listener's version and time from its active state", () => {
    const dynamic = listSection(dump, 'listeners').entries.filter((e) => e.state === 'active');
    expect(dynamic.length).toBeGreaterThan(0);
    expect(dynamic[0]!.versionInfo).toMatch(/\S/);
    expect(Number.isNaN(Date.parse(dynamic[0]!.lastUpdated!))).toBe(false);
  });
});

describe('sliceOf', () => {
  it('returns the named cluster, endpoints, listener and route config', () => {
    expect(sliceOf(dump, 'clusters', 'kube_httpbin_httpbin_8000')?.body.name).toBe('kube_httpbin_httpbin_8000');
    expect(sliceOf(dump, 'endpoints', 'kube_httpbin_httpbin_8000')?.body.cluster_name).toBe('kube_httpbin_httpbin_8000');
    for (const kind of ['listeners', 'routes'] as const) {
      const first = listSection(dump, kind).entries.find((e) => e.state === 'active')!;
      expect(sliceOf(dump, kind, first.name)?.entry.name).toBe(first.name);
    }
  });

  it('lists and slices a dump whose bodies nest 100,000 levels deep: nothing here recurses', () => {
    const body = JSON.parse(`{"name":"deep","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const deep = {
      configs: [{ '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', dynamic_active_clusters: [{ cluster: body }] }],
    };
    expect(listSection(deep, 'clusters').entries.map((e) => e.name)).toEqual(['deep']);
    expect(sliceOf(deep, 'clusters', 'deep')?.body === body).toBe(true);
  });

  it('answers undefined for a name that is not there, and refuses what is not a dump', () => {
    expect(sliceOf(dump, 'clusters', 'kube_nope_nope_1')).toBeUndefined();
    expect(() => listSection({ configs: 'x' }, 'clusters')).toThrow('Not an Envoy config dump');
  });
});
