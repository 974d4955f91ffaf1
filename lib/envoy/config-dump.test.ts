import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ConfigDumpError,
  MAX_DUMP_DEPTH,
  checkDumpDepth,
  findCluster,
  listClusters,
  nestingDepth,
  summarizeDump,
  tcpKeepaliveOf,
} from './config-dump';

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

  // What JSON.parse accepts and the dump store would keep, then every recursive view overflowed on.
  const objects = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
  const arrays = (levels: number) => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);
  const tooDeep = /^Nested more than 128 levels deep; not a config dump Envoy writes\.$/;

  it('refuses a value nested 100,000 levels deep with the cap, not a stack overflow', () => {
    for (const deep of [objects(100_000), arrays(100_000), { configs: [objects(100_000)] }]) {
      let thrown: unknown;
      try {
        summarizeDump(deep);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ConfigDumpError);
      expect((thrown as Error).message).toMatch(tooDeep);
    }
  });

  it('takes a value exactly at the cap, and the real dumps well inside it', () => {
    expect(nestingDepth(objects(MAX_DUMP_DEPTH))).toBe(MAX_DUMP_DEPTH);
    expect(() => checkDumpDepth(objects(MAX_DUMP_DEPTH))).not.toThrow();
    expect(() => checkDumpDepth(objects(MAX_DUMP_DEPTH + 1))).toThrow(tooDeep);
    expect(() => checkDumpDepth(arrays(MAX_DUMP_DEPTH + 1))).toThrow(tooDeep);
    // The figure the cap's comment gives: re-measure when the fixtures are re-captured.
    expect([nestingDepth(withPolicy), nestingDepth(withoutPolicy)]).toEqual([21, 21]);
  });
});

describe('nestingDepth', () => {
  it('counts objects and arrays, not primitives', () => {
    expect([nestingDepth(1), nestingDepth('x'), nestingDepth(null), nestingDepth({}), nestingDepth([[]])]).toEqual([0, 0, 0, 1, 2]);
    expect(nestingDepth({ a: 1, b: [{ c: {} }, 2], d: {} })).toBe(4);
  });
});
