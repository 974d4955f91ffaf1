import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReplicaView } from '@/lib/wire/dto';
import { findCluster } from '@/lib/envoy/config-dump';
import { checkClusterFields, expectedClusterFields } from '@/lib/envoy/field-verdicts';
import { replicaInEffect, replicaProblems } from './replica-verdict';

// A replica judged from a real dump of the local Envoy (fixtures/envoy/README.md).
const dump = JSON.parse(readFileSync('fixtures/envoy/config-dump-httpbin-keepalive.json', 'utf8'));
const cluster = findCluster(dump, 'kube_httpbin_httpbin_8000')!;

function replica(spec: Record<string, unknown>): ReplicaView {
  return {
    pod: 'http-0',
    clusterName: cluster.name,
    fieldChecks: checkClusterFields(
      expectedClusterFields({ tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' }, ...spec }),
      cluster.cluster,
      false,
    ).map((c) => ({ ...c, from: 'p' })),
  };
}

describe('replicaInEffect', () => {
  it('holds when keepalive and every other field match the dump', () => {
    expect(replicaInEffect(replica({ connectTimeout: '5s' }))).toBe(true);
    expect(replicaProblems(replica({ connectTimeout: '5s' }))).toEqual([]);
  });

  it('fails on one other field that differs, and names it', () => {
    const r = replica({ connectTimeout: '7s' });
    expect(replicaInEffect(r)).toBe(false);
    expect(replicaProblems(r)).toEqual(['http-0: connect_timeout different (shows "5s", expected "7s")']);
  });

  it('fails for an unreachable replica, with its error', () => {
    const r: ReplicaView = { pod: 'http-1', error: { kind: 'unavailable', message: 'Nothing answered' } };
    expect(replicaInEffect(r)).toBe(false);
    expect(replicaProblems(r)).toEqual(['http-1: Nothing answered']);
  });

  it('fails for a replica without the cluster, even when no field is asked', () => {
    const r: ReplicaView = { pod: 'http-0', fieldChecks: [] };
    expect(replicaInEffect(r)).toBe(false);
    expect(replicaProblems(r)).toEqual(['http-0: no cluster for this Service port (cluster missing)']);
  });

  it('fails on a keepalive value that differs, named by its Envoy path', () => {
    const r = replica({ tcpKeepalive: { keepAliveTime: '1m' } });
    expect(replicaInEffect(r)).toBe(false);
    expect(replicaProblems(r)).toEqual([
      'http-0: upstream_connection_options.tcp_keepalive.keepalive_time different (shows 30, expected 60)',
    ]);
  });
});
