import { readFileSync } from 'node:fs';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { describePermission, toAppError } from './errors';

// Status bodies captured from the local kube-apiserver v1.34.4 (fixtures/kube/), wrapped the way
// client-node 2.x throws them: ApiException { code, body: <the raw JSON text> }.
function apiException(file: string) {
  const body = readFileSync(`fixtures/kube/${file}`, 'utf8');
  return Object.assign(new Error('HTTP error'), { code: JSON.parse(body).code as number, body });
}

const createPolicy = { verb: 'create', resource: 'backendconfigpolicies', group: 'gateway.kgateway.dev', namespace: 'httpbin' };

describe('toAppError', () => {
  it('maps a CEL rejection to field errors on the path the API server names', () => {
    const e = toAppError(apiException('status-422-keepalive-time.json'), createPolicy);
    expect(e.kind).toBe('invalid');
    expect(e.fieldErrors).toEqual({
      'spec.tcpKeepalive.keepAliveTime': 'Invalid value: "string": keepAliveTime must be at least 1 second',
    });
  });

  it('names the missing permission on 403, from the API server message', () => {
    const e = toAppError(apiException('status-403-viewer-create.json'), { verb: 'get', resource: 'other' });
    expect(e.kind).toBe('forbidden');
    expect(e.missingPermission).toBe('create backendconfigpolicies.gateway.kgateway.dev in namespace httpbin');
    expect(e.message).toMatch(/^Missing permission: create backendconfigpolicies\.gateway\.kgateway\.dev in namespace httpbin\./);
  });

  it('falls back to the attempted action when a 403 message has another shape', () => {
    const e = toAppError({ code: 403, body: '{"kind":"Status","message":"denied by webhook"}' }, createPolicy);
    expect(e.missingPermission).toBe(describePermission(createPolicy));
  });

  it('tells the user to reload on a conflict', () => {
    const e = toAppError(apiException('status-409-already-exists.json'), createPolicy);
    expect(e.kind).toBe('conflict');
    expect(e.message).toContain('already exists');
    expect(e.message).toContain('Reload');
  });

  it('keeps the API server message for not found', () => {
    const e = toAppError(apiException('status-404-not-found.json'), createPolicy);
    expect(e).toEqual({ kind: 'not_found', message: 'backendconfigpolicies.gateway.kgateway.dev "nope" not found' });
  });

  it("treats 5xx and 429 as unavailable, not as the user's fault", () => {
    expect(toAppError({ code: 503, body: '' }, createPolicy).kind).toBe('unavailable');
    expect(toAppError({ code: 429, body: '' }, createPolicy).kind).toBe('unavailable');
  });

  it('says "cannot reach" when nothing listens at the API server address (real client-node call)', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile('e2e/fixtures/unreachable.kubeconfig');
    const thrown = await kc
      .makeApiClient(VersionApi)
      .getCode()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const e = toAppError(thrown, { verb: 'get', resource: 'version', server: 'https://127.0.0.1:2' });
    expect(e.kind).toBe('unavailable');
    expect(e.message).toContain('Cannot reach the API server at https://127.0.0.1:2: connection refused (ECONNREFUSED)');
  });

  it('says "no answer before the deadline" on a timeout', () => {
    const e = toAppError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), {
      verb: 'get',
      resource: 'version',
      server: 'https://k8s.example:6443',
    });
    expect(e.message).toContain('no answer before the deadline');
  });
});

describe('errors the policy pages add', () => {
  it('says the CRD is missing when the API server does not serve the resource at all', async () => {
    const { crdMissing } = await import('./policies');
    const body = readFileSync('fixtures/kube/status-404-no-such-resource.txt', 'utf8');
    const e = crdMissing(toAppError({ code: 404, body }, createPolicy));
    expect(e.kind).toBe('not_found');
    expect(e.message).toContain('The BackendConfigPolicy CRD (backendconfigpolicies.gateway.kgateway.dev) is not installed');
  });

  it('keeps "not found" for a missing policy, which is not a missing CRD', async () => {
    const { crdMissing } = await import('./policies');
    const e = crdMissing(toAppError(apiException('status-404-not-found.json'), createPolicy));
    expect(e.message).toBe('backendconfigpolicies.gateway.kgateway.dev "nope" not found');
  });

  it('turns 401 into "not authenticated" with what to do', () => {
    const e = toAppError(apiException('status-401-bad-token.json'), createPolicy);
    expect(e.kind).toBe('unauthorized');
    expect(e.message).toContain('did not accept the credentials');
  });
});
