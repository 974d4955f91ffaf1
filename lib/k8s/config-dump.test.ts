import { describe, expect, it } from 'vitest';
import { forwardError, isReadOnlyAdminPath, isReadOnlyAdminRequest } from './config-dump';

// client-node rejects a refused port-forward with the WebSocket's ErrorEvent, which carries
// only a message; this is what it said for the stack's viewer user (no pods/portforward).
const refused = (status: number) => ({ type: 'error', message: `Unexpected server response: ${status}` });

describe('forwardError', () => {
  it('names pods/portforward when the user may not port-forward', () => {
    const e = forwardError(refused(403), 'kgateway-system', 'http-1');
    expect(e).toMatchObject({ kind: 'forbidden', missingPermission: 'create pods/portforward in namespace kgateway-system' });
    expect(e.message).toContain('kubectl auth can-i create pods/portforward -n kgateway-system');
  });

  it('says the pod is gone on 404 and unreachable otherwise', () => {
    expect(forwardError(refused(404), 'ns', 'p').kind).toBe('not_found');
    expect(forwardError(new Error('socket hang up'), 'ns', 'p')).toMatchObject({
      kind: 'unavailable',
      message: 'Port-forward to ns/p failed: socket hang up. Is its Envoy running?',
    });
    expect(forwardError(new Error('socket hang up'), 'ns', 'k', 9095).message).toBe(
      'Port-forward to ns/k failed: socket hang up. Is kgateway running?',
    );
  });
});

describe('isReadOnlyAdminPath', () => {
  it("allows the guide's config dump and its read-only parameters", () => {
    for (const p of [
      '/config_dump?include_eds',
      '/config_dump',
      '/config_dump?resource=dynamic_active_clusters',
      '/config_dump?mask=cluster.name&name_regex=kube_',
    ])
      expect(isReadOnlyAdminPath(p), p).toBe(true);
  });

  it('refuses every admin endpoint that changes Envoy, and anything that is not a plain path', () => {
    for (const p of [
      '/quitquitquit',
      '/runtime_modify?foo=bar',
      '/logging?level=trace',
      '/healthcheck/fail',
      '/drain_listeners',
      '/reset_counters',
      '/config_dump?include_eds&x=1',
      '/config_dump/../quitquitquit',
      '//evil.example/config_dump',
      'http://127.0.0.1:19000/config_dump',
      'config_dump',
      '/config_dump?include_eds#/../quitquitquit',
      '/./config_dump',
      `/config_dump?${'a'.repeat(600)}`,
    ])
      expect(isReadOnlyAdminPath(p), p).toBe(false);
  });
});

describe('isReadOnlyAdminRequest', () => {
  it("allows Envoy's stats and kgateway's snapshot and metrics, each with its own method and port", () => {
    for (const r of [
      { port: 19000, method: 'GET', path: '/stats?filter=^cluster_manager\\.cds\\.' },
      { port: 19000, method: 'POST', path: '/config_dump?mask=version_info' },
      { port: 9095, method: 'GET', path: '/snapshots/xds' },
      { port: 9092, method: 'GET', path: '/metrics' },
    ] as const)
      expect(isReadOnlyAdminRequest(r), `${r.method} ${r.port}${r.path}`).toBe(true);
  });

  it('refuses the same paths on another port or with another method, and every endpoint that changes state', () => {
    for (const r of [
      { port: 9095, method: 'GET', path: '/config_dump' },
      { port: 19000, method: 'GET', path: '/snapshots/xds' },
      { port: 19000, method: 'POST', path: '/stats' },
      { port: 9095, method: 'POST', path: '/snapshots/xds' },
      { port: 9095, method: 'GET', path: '/logging?level=debug' },
      { port: 9095, method: 'GET', path: '/debug/pprof/profile' },
      { port: 9095, method: 'GET', path: '/snapshots/xds?pretty' },
      { port: 9092, method: 'GET', path: '/metrics/../logging' },
      { port: 9093, method: 'GET', path: '/readyz' },
      { port: 19000, method: 'GET', path: '/stats?filter=x&usedonly' },
      { port: 19000, method: 'POST', path: '/reset_counters' },
      { port: 19000, method: 'GET', path: '/constructor' },
    ] as const)
      expect(isReadOnlyAdminRequest(r), `${r.method} ${r.port}${r.path}`).toBe(false);
  });
});
