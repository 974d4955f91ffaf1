import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLUSTER_TYPE, DecodeError, differences, fromDumpResource, fromSnapshotResource, leafCount } from './xds-proto';

// Real data: kgateway v2.4.2's /snapshots/xds and Envoy 1.40.0's config dump of the same moment,
// with a BackendConfigPolicy on httpbin that sets most sections (fixtures/xds/README.md).
const snapshot = JSON.parse(readFileSync('fixtures/xds/snapshot-httpbin-rich.json', 'utf8'));
const dump = JSON.parse(readFileSync('fixtures/xds/config-dump-httpbin-rich.json', 'utf8'));
const entry = Object.values(snapshot.data)[0] as { Resources: { Items: Record<string, { Resource: unknown }> }[] };
const sent = (name: string) => entry.Resources[0]!.Items[name]!.Resource;
const held = (name: string) =>
  dump.configs
    .find((c: { '@type': string }) => c['@type'].endsWith('ClustersConfigDump'))
    .dynamic_active_clusters.find((c: { cluster: { name: string } }) => c.cluster.name === name).cluster;

describe('desired against actual, decoded with Envoy descriptors', () => {
  it('reads every cluster kgateway sends and Envoy holds to the same canonical message', () => {
    const names = Object.keys(entry.Resources[0]!.Items).filter((n) => n.startsWith('kube_'));
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      const desired = fromSnapshotResource(CLUSTER_TYPE, sent(name));
      const actual = fromDumpResource(CLUSTER_TYPE, held(name));
      expect(differences(desired, actual), name).toEqual([]);
    }
  });

  it('decodes the Any payloads: ring hash sizes, HTTP options and keepalive of the policy', () => {
    const desired = fromSnapshotResource(CLUSTER_TYPE, sent('kube_httpbin_httpbin_8000'));
    expect(desired.connect_timeout).toBe('3s');
    expect(desired.type).toBe('EDS');
    const lb = (desired.load_balancing_policy as { policies: { typed_extension_config: { typed_config: unknown } }[] }).policies[0]!;
    expect(lb.typed_extension_config.typed_config).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.load_balancing_policies.ring_hash.v3.RingHash',
      minimum_ring_size: '512',
      maximum_ring_size: '1024',
    });
    const http = (desired.typed_extension_protocol_options as Record<string, Record<string, unknown>>)[
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions'
    ]!;
    expect(http.common_http_protocol_options).toEqual({ idle_timeout: '60s', max_headers_count: 50 });
    expect(desired.upstream_connection_options).toEqual({
      tcp_keepalive: { keepalive_probes: 3, keepalive_time: 30, keepalive_interval: 5 },
    });
    expect(leafCount(desired)).toBeGreaterThan(20);
  });

  it('names each leaf that differs, inside decoded Any payloads too', () => {
    const desired = fromSnapshotResource(CLUSTER_TYPE, sent('kube_httpbin_httpbin_8000'));
    const actual = structuredClone(held('kube_httpbin_httpbin_8000'));
    actual.connect_timeout = '5s';
    actual.load_balancing_policy.policies[0].typed_extension_config.typed_config.maximum_ring_size = '2048';
    delete actual.upstream_connection_options;
    expect(differences(desired, fromDumpResource(CLUSTER_TYPE, actual))).toEqual([
      { path: 'connect_timeout', desired: '3s', actual: '5s' },
      {
        path: 'load_balancing_policy.policies[0].typed_extension_config.typed_config.maximum_ring_size',
        desired: '1024',
        actual: '2048',
      },
      { path: 'upstream_connection_options.tcp_keepalive.keepalive_interval', desired: 5, actual: undefined },
      { path: 'upstream_connection_options.tcp_keepalive.keepalive_probes', desired: 3, actual: undefined },
      { path: 'upstream_connection_options.tcp_keepalive.keepalive_time', desired: 30, actual: undefined },
    ]);
  });

  it("redacts private keys and passwords as Envoy's dump does, inside Any payloads too, so no key reaches the browser", () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----';
    const tls = {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      common_tls_context: {
        tls_certificates: [
          { certificate_chain: { inline_string: 'CERT' }, private_key: { inline_string: key }, password: { inline_string: 'pw' } },
        ],
      },
      sni: 'example.com',
    };
    const actual = fromDumpResource(CLUSTER_TYPE, {
      name: 'c',
      transport_socket: { name: 'envoy.transport_sockets.tls', typed_config: tls },
    });
    const text = JSON.stringify(actual);
    expect(text).not.toContain('BEGIN PRIVATE KEY');
    expect(text).not.toContain('"pw"');
    expect(text).toContain('CERT');
    expect(text).toContain('example.com');
    const certs = (actual.transport_socket as { typed_config: { common_tls_context: { tls_certificates: Record<string, unknown>[] } } })
      .typed_config.common_tls_context.tls_certificates[0]!;
    expect(certs.private_key).toEqual({ inline_string: '[redacted]' });
  });

  it('refuses what it cannot read with a clear message, never a wrong answer', () => {
    expect(() => fromSnapshotResource(CLUSTER_TYPE, { name: 'x', NoSuchOneof: { A: 1 } })).toThrow(/has no field NoSuchOneof/);
    expect(() =>
      fromSnapshotResource(CLUSTER_TYPE, {
        name: 'x',
        typed_extension_protocol_options: { k: { type_url: 'type.googleapis.com/acme.Unknown', value: '' } },
      }),
    ).toThrow(DecodeError);
    expect(() => fromDumpResource(CLUSTER_TYPE, 'not an object')).toThrow(/not an object/);
    let deep: Record<string, unknown> = { name: 'x' };
    for (let i = 0; i < 100; i++)
      deep = {
        name: 'x',
        ClusterDiscoveryType: null,
        eds_cluster_config: { eds_config: { ConfigSourceSpecifier: { Ads: {} } } },
        load_assignment: { cluster_name: 'y' },
        circuit_breakers: { thresholds: [{ retry_budget: { budget_percent: deep } }] },
      };
    expect(() => fromSnapshotResource(CLUSTER_TYPE, deep)).toThrow(DecodeError);
  });
});
