import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyDto, ServiceDto } from '@/lib/wire/dto';
import { listClusters } from '@/lib/envoy/config-dump';
import { findingsForPolicy, findingsForService, type ClusterObservation, type FindingContext } from './findings';
import { envoyStats, gatewaySync, heldVersions, rejectionsInLog, snapshotClients } from './sync';

// The objects are the stack's demo data (e2e/stack/manifests/demo.yaml); dumps, stats, snapshot
// and log are real reads of it (fixtures/xds/README.md).
const read = (f: string) => readFileSync(`fixtures/xds/${f}`, 'utf8');

const svc = (namespace: string, name: string, port: number, appProtocol?: string, labels: Record<string, string> = {}): ServiceDto => ({
  namespace,
  name,
  type: 'ClusterIP',
  labels,
  ports: [{ name: 'http', port, ...(appProtocol && { appProtocol }) }],
});
const httpbin = svc('httpbin', 'httpbin', 8000, undefined, { app: 'httpbin', tier: 'edge' });
const catalog = svc('shop', 'catalog', 9000);
const cart = svc('shop', 'cart', 8080, 'kubernetes.io/h2c');

let n = 0;
function policy(namespace: string, name: string, spec: Record<string, unknown>, created = `2026-12-05T20:0${n++}:00Z`): PolicyDto {
  return {
    namespace,
    name,
    creationTimestamp: created,
    generation: 1,
    resourceVersion: '1',
    spec,
    managers: [],
    ancestors: [
      {
        ref: `Service ${namespace}/x`,
        controllerName: 'kgateway.dev/kgateway',
        conditions: [{ type: 'Accepted', status: 'True', observedGeneration: 1 }],
      },
    ],
  };
}
const toSvc = (name: string) => ({ targetRefs: [{ group: '', kind: 'Service', name }] });

const base: FindingContext = {
  version: 'v2.4.2',
  rule: 'oldest-wins',
  services: [httpbin],
  policies: [],
  routes: [{ route: 'HTTPRoute httpbin/httpbin', backends: [{ namespace: 'httpbin', name: 'httpbin', port: 8000 }] }],
  backendTls: new Set(),
  clusters: [],
  syncs: [],
};
const ids = (f: { id: string }[]) => f.map((x) => x.id);

/** The gateway as the stack's real reads of a refused ring-hash cluster show it, replica p0. */
function syncOfReads(stats = envoyStats(read('envoy-stats-rejected.txt')), rejections?: ReturnType<typeof rejectionsInLog>) {
  return gatewaySync({
    gateway: { namespace: 'kgateway-system', name: 'http' },
    controller: { pod: 'kgateway-system/kgateway-0' },
    clients: snapshotClients(JSON.parse(read('snapshot-rejected.json'))),
    rejects: [],
    policies: [],
    replicas: [
      {
        pod: 'p0',
        held: heldVersions(JSON.parse(read('envoy-versions-rejected.json')), JSON.parse(read('envoy-route-versions-rejected.json'))),
        stats,
        rejections,
      },
    ],
  });
}

describe('findings for a policy', () => {
  it('a target Service that does not exist, with the command that shows it', () => {
    const p = policy('shop', 'p', toSvc('nosuch'));
    const [f] = findingsForPolicy(p, { ...base, services: [catalog], policies: [p] });
    expect(f).toMatchObject({ id: 'target-missing', severity: 'error', command: 'kubectl get service nosuch -n shop' });
    expect(f!.title).toBe('The target Service shop/nosuch does not exist, so the policy applies to nothing.');
  });

  it('a port that the Service does not have, and a selector that matches nothing', () => {
    const p = policy('shop', 'p', {
      targetRefs: [{ group: '', kind: 'Service', name: 'catalog', sectionName: 'grpc' }],
      targetSelectors: [{ group: '', kind: 'Service', matchLabels: { app: 'nope' } }],
    });
    const f = findingsForPolicy(p, { ...base, services: [catalog], policies: [p], routes: [] });
    expect(ids(f)).toEqual(['port-missing', 'selector-matches-nothing', 'no-route']);
    expect(f[0]!.evidence).toEqual(['Its ports: http (9000).']);
    expect(f[1]!.command).toBe('kubectl get services -n shop -l app=nope');
  });

  it('attached but overridden under v2.4 (oldest wins) and under v2.3 (newest wins), the whole tcpKeepalive at once', () => {
    const older = policy('httpbin', 'older', { ...toSvc('httpbin'), tcpKeepalive: { keepAliveProbes: 2 } }, '2026-12-05T10:00:00Z');
    const newer = policy('httpbin', 'newer', { ...toSvc('httpbin'), tcpKeepalive: { keepAliveTime: '30s' } }, '2026-12-05T11:00:00Z');
    const ctx = { ...base, policies: [older, newer] };
    const v24 = findingsForPolicy(newer, ctx);
    expect(ids(v24)).toEqual(['overridden']);
    expect(v24[0]!.title).toBe('httpbin/newer is attached to httpbin/httpbin, but its tcpKeepalive is overridden by httpbin/older.');
    expect(findingsForPolicy(older, ctx)).toEqual([]);
    const v23 = { ...ctx, version: 'v2.3.1', rule: 'newest-wins' as const };
    expect(ids(findingsForPolicy(older, v23))).toEqual(['overridden']);
    expect(findingsForPolicy(newer, v23)).toEqual([]);
  });

  it('HTTP/2 options on an HTTP/1 port, and HTTP/1 options on an h2c port, are skipped by kgateway', () => {
    const h2 = policy('httpbin', 'h2', { ...toSvc('httpbin'), http2ProtocolOptions: { maxConcurrentStreams: 10 } });
    expect(findingsForPolicy(h2, { ...base, policies: [h2] })[0]).toMatchObject({
      id: 'skipped-field',
      title: 'kgateway silently skips http2ProtocolOptions of httpbin/h2 on httpbin/httpbin:8000: that port is not HTTP/2.',
    });
    const h1 = policy('shop', 'h1', { ...toSvc('cart'), http1ProtocolOptions: { enableTrailers: true } });
    const f = findingsForPolicy(h1, { ...base, services: [cart], policies: [h1], routes: [] });
    expect(ids(f)).toContain('skipped-field');
    expect(f.find((x) => x.id === 'skipped-field')!.evidence[0]).toContain('"kubernetes.io/h2c"');
    const ok = policy('shop', 'ok', { ...toSvc('cart'), http2ProtocolOptions: { maxConcurrentStreams: 10 } });
    expect(ids(findingsForPolicy(ok, { ...base, services: [cart], policies: [ok], routes: [] }))).not.toContain('skipped-field');
  });

  it('a BackendTLSPolicy takes over tls from v2.4, not before', () => {
    const p = policy('httpbin', 'tls', { ...toSvc('httpbin'), tls: { insecureSkipVerify: true } });
    const ctx = { ...base, policies: [p], backendTls: new Set(['httpbin']) };
    expect(ids(findingsForPolicy(p, ctx))).toEqual(['backend-tls']);
    expect(findingsForPolicy(p, { ...ctx, version: 'v2.3.1' })).toEqual([]);
    expect(findingsForPolicy(p, { ...ctx, backendTls: 'unknown' })).toEqual([]);
  });

  it("another controller's status entry is named and ignored", () => {
    const p = policy('httpbin', 'p', toSvc('httpbin'));
    p.ancestors.push({
      ref: 'Service httpbin/httpbin',
      controllerName: 'example.com/other',
      conditions: [{ type: 'Accepted', status: 'False' }],
    });
    const [f] = findingsForPolicy(p, { ...base, policies: [p] });
    expect(f).toMatchObject({
      id: 'foreign-status',
      evidence: ['Service httpbin/httpbin: controllerName example.com/other — Accepted=False'],
    });
  });

  it('no route to the Service: its cluster still exists, the policy changes nothing a request sees', () => {
    const p = policy('shop', 'p', toSvc('catalog'));
    const clusters: ClusterObservation[] = [
      { gateway: 'kgateway-system/http', namespace: 'kgateway-system', pod: 'p0', cluster: 'kube_shop_catalog_9000', state: 'active' },
    ];
    const [f] = findingsForPolicy(p, { ...base, services: [catalog], policies: [p], clusters });
    expect(f).toMatchObject({ id: 'no-route' });
    expect(f!.evidence[1]).toBe(
      'Envoy still holds its cluster kube_shop_catalog_9000 (kgateway sends one for every Service it watches), on 1 replica.',
    );
    expect(findingsForPolicy(p, { ...base, services: [catalog], policies: [p], routes: 'unknown', clusters })).toEqual([]);
  });
});

describe('findings from the replicas', () => {
  const p = policy('httpbin', 'rich', toSvc('httpbin'));

  it('a warming cluster, read from a real dump taken 3 s after a change', () => {
    const dump = JSON.parse(read('config-dump-httpbin-warming.json'));
    const warm = listClusters(dump).find((c) => c.name === 'kube_httpbin_httpbin_8000' && c.state === 'warming')!;
    const clusters: ClusterObservation[] = [
      {
        gateway: 'kgateway-system/http',
        namespace: 'kgateway-system',
        pod: 'p0',
        cluster: warm.name,
        state: 'warming',
        lastUpdated: warm.lastUpdated,
        healthChecks: Array.isArray(warm.cluster.health_checks),
      },
      { gateway: 'kgateway-system/http', namespace: 'kgateway-system', pod: 'p1', cluster: warm.name, state: 'active' },
    ];
    const [f] = findingsForService(httpbin, { ...base, policies: [p], clusters });
    expect(f!.id).toBe('warming');
    expect(f!.title).toBe(
      'The new kube_httpbin_httpbin_8000 is warming on 1 of 2 replicas: Envoy keeps serving the previous one until it is ready.',
    );
    expect(f!.evidence[0]).toBe('Since 2026-12-05T20:45:47.199Z on p0.');
    expect(f!.evidence[1]).toContain('first round of its health checks');
    expect(f!.command).toContain('dynamic_warming_clusters&name_regex=^kube_httpbin_httpbin_8000$');
  });

  it('a replica behind kgateway while a cluster warms is told that Envoy pauses cluster updates meanwhile', () => {
    const clusters: ClusterObservation[] = [
      {
        gateway: 'kgateway-system/http',
        namespace: 'kgateway-system',
        pod: 'p0',
        cluster: 'kube_httpbin_httpbin_8000',
        state: 'warming',
        lastUpdated: '2026-12-05T20:45:47.199Z',
      },
    ];
    const sync = syncOfReads({ ...envoyStats(read('envoy-stats-rejected.txt')), clusters: { rejected: 0 }, warmingClusters: 1 });
    expect(sync.replicas[0]).toMatchObject({ state: 'STALE', warmingClusters: 1 });
    const [f] = findingsForService(httpbin, { ...base, clusters, syncs: [sync] });
    expect(f!.evidence[2]).toBe(
      'While a cluster warms, Envoy asks for no cluster update (it pauses CDS): p0 is behind kgateway meanwhile. A cluster that never finishes warming holds every later change back until the pod restarts.',
    );
  });

  it('a cluster missing on a replica', () => {
    const clusters: ClusterObservation[] = [
      { gateway: 'kgateway-system/http', namespace: 'kgateway-system', pod: 'p0', cluster: 'kube_httpbin_httpbin_8000', state: 'missing' },
    ];
    expect(ids(findingsForService(httpbin, { ...base, policies: [p], clusters }))).toEqual(['no-cluster']);
  });

  it('a replica that could not be read is neither missing nor there: it is said to be unread, once', () => {
    const at = (
      pod: string,
      cluster: string,
      state: ClusterObservation['state'],
      more: Partial<ClusterObservation> = {},
    ): ClusterObservation => ({
      gateway: 'kgateway-system/http',
      namespace: 'kgateway-system',
      pod,
      cluster,
      state,
      ...more,
    });
    const denied = { reason: 'Missing permission: create pods/portforward in namespace kgateway-system', forbidden: true };
    // Two ports, so two clusters asked of each replica: one finding about the replica, not one per cluster.
    const two = { ...httpbin, ports: [...httpbin.ports, { name: 'admin', port: 8001 }] };
    const clusters = ['kube_httpbin_httpbin_8000', 'kube_httpbin_httpbin_8001'].flatMap((c) => [
      at('p0', c, 'unread', denied),
      at('p1', c, 'unread', denied),
    ]);
    const all = findingsForService(two, { ...base, policies: [p], clusters });
    expect(ids(all)).toEqual(['unread']);
    expect(all[0]).toMatchObject({
      severity: 'warning',
      title:
        'Envoy could not be read on 2 replicas, so what they hold of this policy is not known: kgateway-system/http p0, kgateway-system/http p1.',
      evidence: [denied.reason],
      command: 'kubectl auth can-i create pods/portforward -n kgateway-system',
    });
    // One replica read without the cluster, one not answering: the missing one counts against the one read.
    const mixed = [
      at('p0', 'kube_httpbin_httpbin_8000', 'missing'),
      at('p1', 'kube_httpbin_httpbin_8000', 'unread', { reason: 'Nothing answered on port 19000 of kgateway-system/p1.' }),
    ];
    const found = findingsForService(httpbin, { ...base, policies: [p], clusters: mixed });
    expect(ids(found)).toEqual(['no-cluster', 'unread']);
    expect(found[0]!.title).toContain('on 1 of 1 replicas');
    expect(found[1]!.command).toBe('kubectl port-forward -n kgateway-system pod/p1 19000 & curl -s 127.0.0.1:19000/ready');
    // One replica not answering, one the person may not port-forward to: the permission is checked first.
    const both = [mixed[1]!, at('p0', 'kube_httpbin_httpbin_8000', 'unread', denied)];
    const [unread] = findingsForService(httpbin, { ...base, policies: [p], clusters: both });
    expect(unread).toMatchObject({ id: 'unread', command: 'kubectl auth can-i create pods/portforward -n kgateway-system' });
    expect(unread!.evidence).toEqual(['Nothing answered on port 19000 of kgateway-system/p1.', denied.reason]);
  });

  it("Envoy's refusal, in Envoy's words, from the real log, stats and snapshot", () => {
    const sync = syncOfReads(undefined, rejectionsInLog(read('envoy-log.txt')));
    const bad = policy('shop', 'bad-ring', {
      ...toSvc('catalog'),
      loadBalancer: { ringHash: { minimumRingSize: 2048, maximumRingSize: 1024 } },
    });
    const route = { route: 'HTTPRoute shop/catalog', backends: [{ namespace: 'shop', name: 'catalog', port: 9000 }] };
    // The refused cluster waits in dynamic_warming_clusters (as Envoy 1.40 leaves it): that is the refusal, not a warm-up.
    const stuck: ClusterObservation[] = [
      { gateway: 'kgateway-system/http', namespace: 'kgateway-system', pod: 'p0', cluster: 'kube_shop_catalog_9000', state: 'warming' },
    ];
    const all = findingsForPolicy(bad, { ...base, services: [catalog], policies: [bad], routes: [route], syncs: [sync], clusters: stuck });
    expect(ids(all)).toEqual(['rejected']);
    const [f] = all;
    expect(f).toMatchObject({ id: 'rejected', severity: 'error', command: "kubectl logs -n kgateway-system p0 | grep 'config rejected'" });
    expect(f!.evidence.at(-1)).toBe(
      'The refused version waits in dynamic_warming_clusters and never becomes active; Envoy keeps serving the previous one.',
    );
    expect(f!.title).toBe(
      'Rejected by Envoy: kgateway-system/http p0 refused kube_shop_catalog_9000: ring hash: minimum_ring_size (2048) > maximum_ring_size (1024)',
    );
    expect(f!.evidence[1]).toBe(
      'Envoy keeps its previous clusters: it applied CDS version 5502767607740279954, kgateway sends 8870869255451617337.',
    );
    // Once Envoy applies kgateway's latest version, the refusal is history, not a problem.
    const later = { ...sync, replicas: sync.replicas.map((r) => ({ ...r, state: 'SYNCED' as const })) };
    const [old] = findingsForPolicy(bad, { ...base, services: [catalog], policies: [bad], routes: [route], syncs: [later] });
    expect(old).toMatchObject({ id: 'rejected', severity: 'info' });
  });
});
