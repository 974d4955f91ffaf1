import { readFileSync } from 'node:fs';
import type { PolicyDto, ReplicaView, ServiceOnGatewayDto } from '@/lib/wire/dto';
import { findServiceCluster, jsonLines, pathsForSpecFields } from '@/lib/envoy/cluster-view';
import { findCluster, summarizeDump, type Json } from '@/lib/envoy/config-dump';
import { checkClusterFields, expectedClusterFields } from '@/lib/envoy/field-verdicts';
import { buildSnapshot } from './model';

// Shared by the snapshot tests. A walkthrough of httpbin:8000 on the local stack's Gateway, built
// from a real dump of its Envoy (fixtures/envoy/README.md) the way lib/k8s/gateway-inspect.ts
// builds the page's view.
const dump = JSON.parse(readFileSync('fixtures/envoy/config-dump-httpbin-keepalive.json', 'utf8'));
export const cluster = findServiceCluster(dump, 'httpbin', 'httpbin', 8000)!;
const summary = summarizeDump(dump);
export const pod = summary.nodeId!.split('.')[0]!;
const pending = `${pod.replace(/-[^-]+$/, '')}-x7k2p`; // a second replica of the same Deployment, not running
export const guide = { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' };
const envoy = { keepalive_probes: 3, keepalive_time: 30, keepalive_interval: 5 };
export const gateway = { namespace: 'kgateway-system', name: 'http' };
export const ancestor = 'gateway.networking.k8s.io/Gateway kgateway-system/http';

export function policy(name: string, spec: Record<string, unknown>, message = 'Policy accepted'): PolicyDto {
  return {
    namespace: 'httpbin',
    name,
    creationTimestamp: '2026-11-27T14:33:20Z',
    generation: 1,
    resourceVersion: '4711',
    spec: { targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }], ...spec },
    ancestors: [
      {
        ref: ancestor,
        controllerName: 'kgateway.dev/kgateway',
        conditions: [
          { type: 'Accepted', status: 'True', reason: 'Valid', message, observedGeneration: 1, lastTransitionTime: '2026-11-27T14:33:21Z' },
          { type: 'Attached', status: 'True', reason: 'Attached', message: 'Attached to all targets', observedGeneration: 1 },
        ],
      },
    ],
    managers: [{ manager: 'kgateway-dashboard', operation: 'Apply', time: '2026-11-27T14:33:20Z' }],
  };
}

export const keepalive = policy('httpbin-keepalive', { tcpKeepalive: guide });
const timeouts = policy('httpbin-timeouts', { connectTimeout: '5s' });

export function readable(clusterJson: Record<string, Json>, highlight: string[][]): ReplicaView {
  return {
    pod,
    readBytes: 2_907,
    dumpId: 'dump-1',
    previousDumpId: 'dump-0',
    fetchedAt: '2026-11-27T16:39:58.120Z',
    summary,
    clusterName: cluster.name,
    versionInfo: cluster.versionInfo,
    lastUpdated: cluster.lastUpdated,
    fieldChecks: [
      ...checkClusterFields(expectedClusterFields(keepalive.spec), clusterJson, false).map((c) => ({ ...c, from: keepalive.name })),
      ...checkClusterFields(expectedClusterFields(timeouts.spec), clusterJson, false).map((c) => ({ ...c, from: timeouts.name })),
    ],
    lines: jsonLines(clusterJson, highlight),
  };
}

export function view(replica: ReplicaView): ServiceOnGatewayDto {
  return {
    service: { namespace: 'httpbin', name: 'httpbin', port: 8000 },
    policy: { name: keepalive.name, asked: guide, overridden: [] },
    targeting: [keepalive.name, timeouts.name],
    expected: envoy,
    replicas: [
      replica,
      {
        pod: pending,
        error: { kind: 'unavailable', message: `Pod kgateway-system/${pending} is Pending, not Running: its Envoy cannot be read.` },
      },
    ],
    comparisons: [],
  };
}

export const baseView = view(readable(cluster.cluster, pathsForSpecFields(['tcpKeepalive', 'connectTimeout'])));
export const snap = buildSnapshot({
  takenAt: '2026-11-27T16:40:00.000Z',
  context: 'kind-kgateway',
  gateway,
  view: baseView,
  policies: [keepalive, timeouts],
});

// The keepalive cluster with the UpstreamTlsContext kgateway writes for BackendConfigPolicy tls.
export const SECRETS = ['LS0tLS1CRUdJTi', 'BEGIN PRIVATE KEY', 'MIIE', 'BEGIN CERTIFICATE', '/etc/tls/client.key'];
export const tlsCluster: Record<string, Json> = {
  ...findCluster(dump, 'kube_httpbin_httpbin_8000')!.cluster,
  transport_socket: {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      sni: 'httpbin.example',
      common_tls_context: {
        tls_certificates: [
          {
            certificate_chain: { inline_bytes: 'LS0tLS1CRUdJTi...' },
            private_key: { inline_string: '-----BEGIN PRIVATE KEY-----\nMIIE...' },
          },
          {
            certificate_chain: { filename: '/etc/tls/client.crt' },
            private_key: { filename: '/etc/tls/client.key' },
          },
        ],
        validation_context: { trusted_ca: { inline_string: '-----BEGIN CERTIFICATE-----...' } },
      },
    },
  },
};
