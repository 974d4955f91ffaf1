import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyDto } from '@/lib/wire/dto';
import {
  envoyStats,
  gatewaySync,
  heldVersions,
  pendingPolicies,
  rejectionsInLog,
  rejectMetrics,
  replicaSync,
  snapshotClients,
  snapshotResource,
  SnapshotError,
} from './sync';

// Real reads of kgateway v2.4.2 and Envoy 1.40.0 on the stack (fixtures/xds/README.md).
const read = (f: string) => readFileSync(`fixtures/xds/${f}`, 'utf8');
const snapshot = JSON.parse(read('snapshot-rejected.json'));
const gateway = { namespace: 'kgateway-system', name: 'http' };
const held = heldVersions(JSON.parse(read('envoy-versions-rejected.json')), JSON.parse(read('envoy-route-versions-rejected.json')));
const stats = envoyStats(read('envoy-stats-rejected.txt'));
const rejections = rejectionsInLog(read('envoy-log.txt'));

function policy(generation: number, observed: number[], controllerName = 'kgateway.dev/kgateway'): PolicyDto {
  return {
    namespace: 'shop',
    name: 'p',
    creationTimestamp: '2026-12-05T20:00:00Z',
    generation,
    resourceVersion: '1',
    spec: {},
    managers: [],
    ancestors: [
      {
        ref: 'Service shop/catalog',
        controllerName,
        conditions: observed.map((g) => ({ type: 'Accepted', status: 'True', observedGeneration: g })),
      },
    ],
  };
}

describe("kgateway's snapshot", () => {
  it('names the gateway of each client and the version of each type it sends', () => {
    const [client] = snapshotClients(snapshot);
    expect(client!.gateway).toEqual(gateway);
    expect(client!.versions.clusters).toBe('8870869255451617337');
    expect(client!.versions.listeners).toBe(held.listeners);
    expect(client!.versions.routes).toBe(held.routes['listener~8080']);
    expect(Object.keys(client!.versions).sort()).toEqual(['clusters', 'endpoints', 'listeners', 'routes']);
  });

  it('finds one resource by type and name, and nothing for names it does not hold', () => {
    const key = snapshotClients(snapshot)[0]!.key;
    expect(snapshotResource(snapshot, key, 'clusters', 'kube_shop_catalog_9000')).toMatchObject({ name: 'kube_shop_catalog_9000' });
    expect(snapshotResource(snapshot, key, 'clusters', '__proto__')).toBeUndefined();
    expect(snapshotResource(snapshot, 'no-such-client', 'clusters', 'kube_shop_catalog_9000')).toBeUndefined();
  });

  it('refuses what is not a snapshot, with kgateway’s own error when it gives one', () => {
    expect(() => snapshotClients({ error: 'Envoy xDS cache not available' })).toThrow(SnapshotError);
    expect(() => snapshotClients({ error: 'Envoy xDS cache not available' })).toThrow(/cache not available/);
    expect(() => snapshotClients([])).toThrow(/no "data" object/);
  });
});

describe('the replica against the snapshot', () => {
  it('says REJECTED when Envoy received kgateway’s version and kept the previous one, with Envoy’s words', () => {
    expect(held.clusters).not.toBe('8870869255451617337');
    expect(stats.clusters).toMatchObject({ received: '8870869255451617337', rejected: 2 });
    const r = replicaSync(snapshotClients(snapshot)[0]!.versions, { pod: 'p0', held, stats, rejections }, []);
    expect(r.state).toBe('REJECTED');
    expect(r.types.map((t) => [t.type, t.state])).toEqual([
      ['clusters', 'REJECTED'],
      ['listeners', 'SYNCED'],
      ['routes', 'SYNCED'],
    ]);
    expect(r.rejectedUpdates).toBe(2);
    expect(r.rejections).toEqual([
      {
        at: '2026-12-05T20:51:45.337436000Z',
        resource: "cluster 'kube_shop_catalog_9000'",
        message: 'ring hash: minimum_ring_size (2048) > maximum_ring_size (1024)',
        count: 1,
      },
    ]);
    expect(r.lastUpdate).toBe(new Date(1796503933253).toISOString());
  });

  it('says STALE when Envoy has not received the version yet, and SYNCED when it holds it', () => {
    const notYet = { ...stats, clusters: { ...stats.clusters!, received: held.clusters } };
    expect(replicaSync(snapshotClients(snapshot)[0]!.versions, { pod: 'p0', held, stats: notYet }, []).state).toBe('STALE');
    const synced = { ...held, clusters: '8870869255451617337' };
    expect(replicaSync(snapshotClients(snapshot)[0]!.versions, { pod: 'p0', held: synced, stats }, []).state).toBe('SYNCED');
  });

  it('with kgateway unreachable, STALE only when a policy changed after kgateway last wrote its status', () => {
    const pending = pendingPolicies([policy(2, [1, 1])]);
    expect(pending).toEqual([{ policy: 'shop/p', generation: 2, observed: 1 }]);
    const stale = replicaSync(undefined, { pod: 'p0', held, stats }, pending);
    expect(stale.state).toBe('STALE');
    expect(stale.types[0]).toMatchObject({ type: 'clusters', state: 'STALE', held: held.clusters, desired: undefined });
    expect(replicaSync(undefined, { pod: 'p0', held, stats }, []).state).toBe('UNKNOWN');
  });

  it('does not count status that other controllers wrote, or a policy kgateway never wrote status for', () => {
    expect(pendingPolicies([policy(3, [1], 'example.com/other')])).toEqual([]);
    expect(pendingPolicies([{ ...policy(3, []), ancestors: [] }])).toEqual([]);
    expect(pendingPolicies([policy(3, [3, 2])])).toEqual([]);
  });
});

describe("Envoy's stats", () => {
  it('reads the warming clusters gauge beside the subscriptions', () => {
    expect(envoyStats('cluster_manager.warming_clusters: 2\ncluster_manager.cds.update_rejected: 0').warmingClusters).toBe(2);
    expect(stats.warmingClusters).toBeUndefined();
  });
});

describe('the gateway at a glance', () => {
  it('one sentence from every replica, and the metrics kgateway counts', () => {
    const rejects = rejectMetrics(read('kgateway-metrics-rejected.txt'));
    expect(rejects).toEqual([{ gateway, type: 'envoy.config.cluster.v3.Cluster', total: 2, active: 0 }]);
    const g = gatewaySync({
      gateway,
      controller: { pod: 'kgateway-system/kgateway-0' },
      clients: snapshotClients(snapshot),
      rejects,
      policies: [],
      replicas: [
        { pod: 'p0', held, stats, rejections },
        { pod: 'p1', error: { kind: 'unavailable', message: 'Nothing answered' } },
      ],
    });
    expect(g.state).toBe('REJECTED');
    expect(g.summary).toBe("Envoy rejected kgateway's update on 1 of 2 replicas: they keep their previous configuration.");
    expect(g.replicas[1]).toMatchObject({ pod: 'p1', state: 'UNKNOWN', error: { message: 'Nothing answered' } });
  });

  it('with kgateway unreachable and a policy pending, says both', () => {
    const g = gatewaySync({
      gateway,
      controller: { error: { kind: 'unavailable', message: 'Nothing answered on port 9095' } },
      clients: [],
      rejects: [],
      policies: [policy(2, [1])],
      replicas: [{ pod: 'p0', held, stats }],
    });
    expect(g.state).toBe('STALE');
    expect(g.summary).toBe('kgateway cannot be read and 1 policy has changed since it last wrote status: 1 of 1 replicas are behind.');
  });
});

describe("Envoy's log", () => {
  it('takes the per-cluster line and leaves out the summary line that repeats it', () => {
    expect(rejections).toHaveLength(1);
  });

  it('keeps a refusal of a whole update, which has no per-cluster line', () => {
    const line =
      '2026-12-05T21:00:00.000000000Z [2026-12-05 21:00:00.000][1][warning][config] [source/x.cc:160] gRPC config for type.googleapis.com/envoy.config.listener.v3.Listener rejected: Error adding/updating listener(s) l: bad';
    expect(rejectionsInLog(line)).toEqual([
      {
        at: '2026-12-05T21:00:00.000000000Z',
        resource: 'envoy.config.listener.v3.Listener',
        message: 'Error adding/updating listener(s) l: bad',
        count: 1,
      },
    ]);
  });

  it('says the same refusal once, with how many times and the last time', () => {
    const line = (t: string) => `${t} [x][1][warning][upstream] [cds_api_helper.cc:74] cds: cluster 'c' config rejected: bad`;
    const other = "2026-12-05T21:00:01.000000000Z [x] cds: cluster 'd' config rejected: worse";
    expect(rejectionsInLog([line('2026-12-05T21:00:00.000000000Z'), other, line('2026-12-05T21:00:02.000000000Z')].join('\n'))).toEqual([
      { at: '2026-12-05T21:00:01.000000000Z', resource: "cluster 'd'", message: 'worse', count: 1 },
      { at: '2026-12-05T21:00:02.000000000Z', resource: "cluster 'c'", message: 'bad', count: 2 },
    ]);
  });
});
