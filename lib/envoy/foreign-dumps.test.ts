import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listClusters, summarizeDump } from './config-dump';
import { describeDump } from './dump-configs';
import { listSection, sliceOf } from './sections';

// Dumps from other control planes and older Envoys (fixtures/envoy/foreign/README.md, which also
// gives the counts each file holds, taken with a plain JSON walk in Python): every cluster,
// listener, route config and endpoint config listed, and each section the page does not list named
// with the reason.
const load = (name: string): unknown => JSON.parse(readFileSync(`fixtures/envoy/foreign/${name}.json`, 'utf8'));
const names = (dump: unknown, kind: Parameters<typeof listSection>[1]) => listSection(dump, kind, '', 1000).entries.map((e) => e.name);

describe('Istio, 2018: Envoy 1.7, v2alpha, configs keyed by kind, camelCase', () => {
  const dump = load('istio-v2alpha-configdump');

  it('lists its clusters, listeners and route configs', () => {
    expect(listClusters(dump).map((c) => [c.name, c.state])).toEqual([
      ['xds-grpc', 'static'],
      ['outbound|15004||istio-policy.istio-system.svc.cluster.local', 'active'],
    ]);
    expect(names(dump, 'listeners')).toEqual(['172.21.134.116_443', '0.0.0.0_8080']);
    expect(names(dump, 'routes')).toEqual(['inbound|9080||productpage.default.svc.cluster.local', '15004']);
    expect(summarizeDump(dump)).toMatchObject({ clusters: 2, listeners: 2, routeConfigs: 2, endpointConfigs: 0 });
  });

  it('slices one listener, with its version from the camelCase entry', () => {
    const one = sliceOf(dump, 'listeners', '0.0.0.0_8080');
    expect(one?.entry.state).toBe('active');
    expect(one?.body.name).toBe('0.0.0.0_8080');
  });

  it('names every section it reads', () => {
    expect(describeDump(dump).map((s) => [s.type.split('.').pop(), s.read])).toEqual([
      ['ListenersConfigDump', true],
      ['ClustersConfigDump', true],
      ['BootstrapConfigDump', true],
      ['RoutesConfigDump', true],
    ]);
  });
});

describe('Kuma: Envoy 1.19, static clusters of the old v2 Cluster type beside v3 ones', () => {
  const dump = load('kuma-full-config');

  it('lists all five clusters and both listeners, and reads the node', () => {
    expect(listClusters(dump).map((c) => c.name)).toEqual([
      'access_log_sink',
      'ads_cluster',
      'gateway',
      'kuma:envoy:admin',
      'localhost:10011',
    ]);
    expect(names(dump, 'listeners')).toEqual(['inbound:127.0.0.1:10010', 'outbound:127.0.0.1:10006']);
    expect(summarizeDump(dump)).toMatchObject({ envoyVersion: '1.19.0', nodeId: 'default.backend-1', clusters: 5, listeners: 2 });
  });

  it('says why its secrets are not listed', () => {
    const secrets = describeDump(dump).find((s) => s.type.endsWith('SecretsConfigDump'));
    expect(secrets).toMatchObject({ read: false, what: expect.stringContaining('certificates and keys') });
  });
});

describe('Istio, recent: one section per file', () => {
  it('lists all 37 endpoint configs, static and dynamic', () => {
    const dump = load('istio-endpoints');
    const page = listSection(dump, 'endpoints', '', 1000);
    expect(page.total).toBe(37);
    expect(page.entries.filter((e) => e.state === 'static')).toHaveLength(5);
    expect(page.entries.map((e) => e.name)).toContain('outbound|9080||reviews.default.svc.cluster.local');
  });

  it('lists route configs that have no name, by place, and slices them by that place', () => {
    const dump = load('istio-routes-k8s-gateway');
    expect(names(dump, 'routes')).toEqual(['(unnamed static route config 1)', '(unnamed static route config 2)', 'http.80']);
    expect(sliceOf(dump, 'routes', '(unnamed static route config 2)')?.entry.state).toBe('static');
  });

  it('names the sections it does not list, once each, with the reason', () => {
    const ecds = describeDump(load('istio-ecds'));
    expect(ecds).toHaveLength(3);
    expect(ecds.every((s) => !s.read && s.what.includes('ECDS'))).toBe(true);
    expect(describeDump(load('istio-secret-istio'))).toEqual([
      {
        type: 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump',
        read: false,
        what: expect.stringContaining('secrets are not listed'),
      },
    ]);
  });
});

describe('shapes that are no dump at all', () => {
  it('say so, as before', () => {
    for (const notADump of [{}, { configs: 'x' }, [], null])
      expect(() => describeDump(notADump)).toThrow('Not an Envoy config dump: no top-level "configs" list.');
  });

  it('an unknown section type is named, not dropped', () => {
    const dump = { configs: [{ '@type': 'type.googleapis.com/envoy.admin.v3.FutureConfigDump' }, { foo: 1 }] };
    expect(describeDump(dump)).toEqual([
      {
        type: 'type.googleapis.com/envoy.admin.v3.FutureConfigDump',
        read: false,
        what: expect.stringContaining('FutureConfigDump is not a config kind'),
      },
      { type: '(no @type)', read: false, what: expect.stringContaining('not an envoy.admin.v3 or v2alpha') },
    ]);
  });
});
