import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// In a pod there is no kubeconfig: the server finds the ServiceAccount's token, CA and namespace
// where the kubelet mounts them, and the API server at $KUBERNETES_SERVICE_HOST:PORT. Here the
// mount lives under DASHBOARD_SERVICEACCOUNT_ROOT, the one thing that differs from a pod.

type Client = typeof import('./client');

const root = mkdtempSync(join(tmpdir(), 'kgd-pod-'));
const sa = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
const home = join(root, 'home');
const keys = ['KUBECONFIG', 'HOME', 'DASHBOARD_SERVICEACCOUNT_ROOT', 'KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT'] as const;
const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
let client: Client;

beforeAll(async () => {
  mkdirSync(sa, { recursive: true });
  mkdirSync(home);
  writeFileSync(join(sa, 'token'), 'token-from-the-tokenrequest-api');
  writeFileSync(join(sa, 'ca.crt'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
  writeFileSync(join(sa, 'namespace'), 'kgateway-dashboard');
  delete process.env.KUBECONFIG;
  Object.assign(process.env, {
    HOME: home,
    DASHBOARD_SERVICEACCOUNT_ROOT: root,
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: '6443',
  });
  vi.resetModules();
  client = await import('./client');
});

afterAll(() => {
  for (const k of keys)
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  rmSync(root, { recursive: true, force: true });
});

describe('in-cluster credentials', () => {
  it("uses the pod's ServiceAccount when there is no kubeconfig, as client-node does in a pod", () => {
    expect(client.listContexts()).toEqual([
      { name: 'inClusterContext', server: 'https://127.0.0.1:6443', user: 'inClusterUser', current: true },
    ]);
    const kc = client.kubeConfig('inClusterContext');
    expect(kc.getCurrentCluster()?.caFile).toBe(join(sa, 'ca.crt'));
    expect(kc.getCurrentUser()?.authProvider).toEqual({ name: 'tokenFile', config: { tokenFile: join(sa, 'token') } });
    expect(kc.getContextObject('inClusterContext')?.namespace).toBe('kgateway-dashboard');
  });

  it('prefers a kubeconfig in the home directory, in the same order as client-node', () => {
    mkdirSync(join(home, '.kube'));
    writeFileSync(
      join(home, '.kube/config'),
      'apiVersion: v1\nkind: Config\ncurrent-context: laptop\nclusters:\n- name: laptop\n  cluster:\n    server: https://127.0.0.1:7443\nusers:\n- name: me\n  user:\n    token: t\ncontexts:\n- name: laptop\n  context:\n    cluster: laptop\n    user: me\n',
    );
    expect(client.listContexts().map((c) => c.name)).toEqual(['laptop']);
    rmSync(join(home, '.kube'), { recursive: true });
    expect(client.listContexts().map((c) => c.name)).toEqual(['inClusterContext']);
  });
});
