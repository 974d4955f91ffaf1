import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigDumpError, findCluster, listClusters, summarizeDump, tcpKeepaliveOf } from './config-dump';

// Real dumps from the local stack's Envoy (fixtures/envoy/README.md).
const withPolicy = JSON.parse(readFileSync('fixtures/envoy/config-dump-httpbin-keepalive.json', 'utf8'));
const withoutPolicy = JSON.parse(readFileSync('fixtures/envoy/config-dump-no-policy.json', 'utf8'));

describe('listClusters', () => {
  it("finds kgateway's cluster for every Service port, and the static ones", () => {
    const names = listClusters(withPolicy).map((c) => `${c.state}:${c.name}`);
    expect(names).toContain('active:kube_httpbin_httpbin_8000');
    expect(names).toContain('active:kube_shop_cart_8080');
    expect(names).toContain('static:xds_cluster');
    expect(names).toContain('static:admin_port_cluster');
  });

  it('keeps the version and update time of a dynamic cluster', () => {
    const c = findCluster(withPolicy, 'kube_httpbin_httpbin_8000')!;
    expect(c.versionInfo).toMatch(/^\d+$/);
    expect(Number.isNaN(Date.parse(c.lastUpdated!))).toBe(false);
  });

  it('rejects what is not a config dump with a message instead of crashing', () => {
    expect(() => listClusters({ error: 'nope' })).toThrow(ConfigDumpError);
    expect(() => listClusters(null)).toThrow('Not an Envoy config dump');
    expect(() => listClusters('{"configs":')).toThrow(ConfigDumpError);
  });

  it('skips malformed entries rather than failing the whole dump', () => {
    const dump = {
      configs: [
        {
          '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
          dynamic_active_clusters: [{}, { cluster: { name: 'a' } }, 'x'],
        },
      ],
    };
    expect(listClusters(dump).map((c) => c.name)).toEqual(['a']);
  });
});

describe('tcpKeepaliveOf', () => {
  it("reads the guide's values from the cluster the policy targets", () => {
    const c = findCluster(withPolicy, 'kube_httpbin_httpbin_8000')!;
    expect(tcpKeepaliveOf(c.cluster)).toEqual({ keepalive_probes: 3, keepalive_time: 30, keepalive_interval: 5 });
  });

  it("leaves other Services' clusters alone", () => {
    expect(tcpKeepaliveOf(findCluster(withPolicy, 'kube_shop_cart_8080')!.cluster)).toBeUndefined();
  });

  it('is gone once the policy is deleted', () => {
    expect(tcpKeepaliveOf(findCluster(withoutPolicy, 'kube_httpbin_httpbin_8000')!.cluster)).toBeUndefined();
  });

  it("reads kgateway's own keepalive on its xDS connection from the bootstrap cluster list", () => {
    expect(tcpKeepaliveOf(findCluster(withPolicy, 'xds_cluster')!.cluster)).toEqual({ keepalive_time: 10 });
  });
});

describe('summarizeDump', () => {
  it('counts what the local Envoy holds and names its version and node', () => {
    expect(summarizeDump(withPolicy)).toEqual({
      envoyVersion: '1.40.0',
      nodeId: 'http-6897f74648-6tsxk.kgateway-system',
      clusters: 12,
      listeners: 3,
      routeConfigs: 3,
      endpointConfigs: 12,
    });
  });

  it('rejects what is not a dump', () => {
    expect(() => summarizeDump([])).toThrow(ConfigDumpError);
  });
});
