import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findServiceCluster, jsonLines, pathsForSpecFields } from './cluster-view';
import { ConfigDumpError, MAX_DUMP_DEPTH, type Json } from './config-dump';
import { checkClusterFields, expectedClusterFields } from './field-verdicts';

const withPolicy = JSON.parse(readFileSync('fixtures/envoy/config-dump-httpbin-keepalive.json', 'utf8'));
const withoutPolicy = JSON.parse(readFileSync('fixtures/envoy/config-dump-no-policy.json', 'utf8'));
const guide = { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' };

describe('findServiceCluster', () => {
  it('finds kube_httpbin_httpbin_8000 from Service httpbin port 8000', () => {
    expect(findServiceCluster(withPolicy, 'httpbin', 'httpbin', 8000)?.name).toBe('kube_httpbin_httpbin_8000');
    expect(findServiceCluster(withPolicy, 'httpbin', 'httpbin', 9999)).toBeUndefined();
  });

  it('falls back to the names kgateway gives per-Gateway clones', () => {
    const dump = {
      configs: [
        {
          '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
          dynamic_active_clusters: [
            { cluster: { name: 'kube_default_backend-service_gw_backend_client_cert_default_example-gateway_443' } },
          ],
        },
      ],
    };
    expect(findServiceCluster(dump, 'default', 'backend-service', 443)?.name).toContain('gw_backend_client_cert');
    expect(findServiceCluster(dump, 'default', 'backend', 443)).toBeUndefined();
  });
});

describe('jsonLines', () => {
  it('prints the cluster like the docs and highlights exactly the tcp_keepalive block', () => {
    const lines = jsonLines(findServiceCluster(withPolicy, 'httpbin', 'httpbin', 8000)!.cluster, pathsForSpecFields(['tcpKeepalive']));
    const lit = lines.filter((l) => l.highlight).map((l) => l.text.trim());
    expect(lit).toEqual(
      expect.arrayContaining(['"tcp_keepalive": {', '"keepalive_probes": 3,', '"keepalive_time": 30,', '"keepalive_interval": 5']),
    );
    expect(lines.find((l) => l.text.includes('"name": "kube_httpbin_httpbin_8000"'))?.highlight).toBe(false);
    expect(lines.find((l) => l.text.includes('"connect_timeout": "5s"'))?.highlight).toBe(false); // kgateway's default, no policy set it
    expect(
      jsonLines(findServiceCluster(withPolicy, 'httpbin', 'httpbin', 8000)!.cluster, pathsForSpecFields(['connectTimeout']))
        .filter((l) => l.highlight)
        .map((l) => l.text.trim()),
    ).toEqual(['"connect_timeout": "5s",']);
    expect(JSON.parse(lines.map((l) => l.text).join('\n'))).toEqual(findServiceCluster(withPolicy, 'httpbin', 'httpbin', 8000)!.cluster);
  });

  it('refuses a value nested past the cap with the ConfigDumpError, not a stack overflow', () => {
    const objects = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
    expect(() => jsonLines(objects(100_000))).toThrow(ConfigDumpError);
    expect(() => jsonLines(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toThrow(/more than 128 levels/);
    const atCap = jsonLines(objects(MAX_DUMP_DEPTH));
    expect(atCap).toHaveLength(2 * MAX_DUMP_DEPTH + 1);
    expect(atCap[MAX_DUMP_DEPTH]!.text).toBe(`${' '.repeat(MAX_DUMP_DEPTH)}"a": 1`);
  });
});

describe('keepalive through the one verdict engine (checkClusterFields)', () => {
  const judged = (dump: unknown, stale = false) => {
    const cluster = findServiceCluster(dump, 'httpbin', 'httpbin', 8000);
    return checkClusterFields(expectedClusterFields({ tcpKeepalive: guide }), cluster?.cluster as Record<string, Json> | undefined, stale);
  };

  it('says "in effect" when the replica shows what the policy asks, in whole seconds', () => {
    expect(judged(withPolicy).map((x) => [x.field, x.asked, x.expected, x.actual, x.verdict])).toEqual([
      ['tcpKeepalive.keepAliveProbes', '3', 3, 3, 'in effect'],
      ['tcpKeepalive.keepAliveTime', '30s', 30, 30, 'in effect'],
      ['tcpKeepalive.keepAliveInterval', '5s', 5, 5, 'in effect'],
    ]);
  });

  it('says "different" when the replica shows something else, "not yet" when its cluster predates the write', () => {
    expect(judged(withoutPolicy).map((x) => x.verdict)).toEqual(['different', 'different', 'different']);
    expect(judged(withoutPolicy, true).map((x) => x.verdict)).toEqual(['not yet', 'not yet', 'not yet']);
  });

  it('says "cluster missing" when the replica has no cluster for the Service', () => {
    expect(judged({ configs: [] }).every((v) => v.verdict === 'cluster missing')).toBe(true);
  });

  it('expects what kgateway sends: 1500ms is 1 s, and nothing is judged when nothing is asked', () => {
    expect(expectedClusterFields({ tcpKeepalive: { keepAliveTime: '1500ms' } })).toMatchObject([{ expected: 1 }]);
    expect(expectedClusterFields({})).toEqual([]);
  });
});
