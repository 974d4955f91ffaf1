import { expect, test } from '@playwright/test';
import { findCluster, tcpKeepaliveOf } from '../../lib/envoy/config-dump';
import { configDumpVia, gatewayPods, kubectl, kubectlOk, viewerKubeconfig } from '../support/stack';

// kgateway's keepalive guide, step by step, with kubectl against the local control plane:
// the policy reaches both Envoy replicas, deleting it removes it, and the API server itself
// enforces the CRD's validation and RBAC.

const NS = 'kgateway-system';
const CLUSTER = 'kube_httpbin_httpbin_8000';

function policy(keepAliveTime: string, name = 'httpbin-keepalive') {
  return `kind: BackendConfigPolicy
apiVersion: gateway.kgateway.dev/v1alpha1
metadata:
  name: ${name}
  namespace: httpbin
spec:
  targetRefs:
    - name: httpbin
      group: ""
      kind: Service
  tcpKeepalive:
    keepAliveProbes: 3
    keepAliveTime: ${keepAliveTime}
    keepAliveInterval: 5s
`;
}

async function keepaliveOn(target: string) {
  const cluster = findCluster(await configDumpVia(NS, target), CLUSTER);
  return { present: cluster !== undefined, keepalive: cluster && tcpKeepaliveOf(cluster.cluster) };
}

function nodeIdOf(dump: unknown): string | undefined {
  const configs = (dump as { configs?: { bootstrap?: { node?: { id?: string } } }[] }).configs ?? [];
  return configs.find((c) => c.bootstrap)?.bootstrap?.node?.id;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', 'httpbin-keepalive', '-n', 'httpbin', '--ignore-not-found']);
});

test.afterAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', 'httpbin-keepalive', '-n', 'httpbin', '--ignore-not-found']);
});

test('the gateway has two proxy replicas, each serving its own config dump', async () => {
  const pods = await gatewayPods();
  expect(pods).toHaveLength(2);
  for (const pod of pods) {
    // kwok forwards each pod's port 19000 to that replica's own Envoy, bootstrapped as `<pod>.<ns>`.
    expect(nodeIdOf(await configDumpVia(NS, `pod/${pod}`))).toBe(`${pod}.${NS}`);
    await expect.poll(() => keepaliveOn(`pod/${pod}`), { timeout: 60_000 }).toEqual({ present: true, keepalive: undefined });
  }
});

test('applying httpbin-keepalive sets tcp_keepalive on both replicas; deleting it removes it', async () => {
  await kubectlOk(['apply', '-f', '-'], { input: policy('30s') });
  const pods = await gatewayPods();
  for (const target of [...pods.map((p) => `pod/${p}`), 'deployment/http']) {
    await expect
      .poll(() => keepaliveOn(target), { timeout: 60_000, intervals: [500, 1000, 2000] })
      .toEqual({ present: true, keepalive: { keepalive_probes: 3, keepalive_time: 30, keepalive_interval: 5 } });
  }

  await kubectlOk(['delete', 'backendconfigpolicy', 'httpbin-keepalive', '-n', 'httpbin']);
  for (const pod of pods) {
    await expect
      .poll(() => keepaliveOn(`pod/${pod}`), { timeout: 60_000, intervals: [500, 1000, 2000] })
      .toEqual({ present: true, keepalive: undefined });
  }
});

test('the API server rejects keepAliveTime 500ms with the CRD message', async () => {
  const r = await kubectl(['apply', '-f', '-'], { input: policy('500ms') });
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('spec.tcpKeepalive.keepAliveTime');
  expect(r.stderr).toContain('keepAliveTime must be at least 1 second');
  const after = await kubectl(['get', 'backendconfigpolicy', 'httpbin-keepalive', '-n', 'httpbin']);
  expect(after.stderr).toContain('NotFound');
});

test('viewer may read policies but gets 403 on create', async () => {
  const list = await kubectl(['get', 'backendconfigpolicies', '-A'], { kubeconfig: viewerKubeconfig });
  expect(list.code).toBe(0);
  const r = await kubectl(['create', '-f', '-'], { kubeconfig: viewerKubeconfig, input: policy('30s', 'viewer-attempt') });
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/Forbidden/);
  expect(r.stderr).toContain('User "viewer" cannot create resource "backendconfigpolicies" in API group "gateway.kgateway.dev"');
});
