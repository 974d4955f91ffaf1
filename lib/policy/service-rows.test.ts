import { describe, expect, it } from 'vitest';
import type { PolicyDto, ServiceDto } from '@/lib/wire/dto';
import { applyServiceChange, buildServiceRows, matchesSearch } from './service-rows';

const httpbin: ServiceDto = {
  namespace: 'httpbin',
  name: 'httpbin',
  type: 'ClusterIP',
  labels: { app: 'httpbin', tier: 'edge' },
  ports: [{ name: 'http', port: 8000, targetPort: 8080 }],
};
const other: ServiceDto = { ...httpbin, name: 'other', labels: { app: 'other' } };

function policy(name: string, created: string, spec: Record<string, unknown>): PolicyDto {
  return { namespace: 'httpbin', name, creationTimestamp: created, generation: 1, resourceVersion: '1', spec, ancestors: [], managers: [] };
}

const byRef = policy('by-ref', '2026-01-01T00:00:00Z', {
  targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }],
  tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '30s' },
});
const bySelector = policy('by-selector', '2026-02-01T00:00:00Z', {
  targetSelectors: [{ group: '', kind: 'Service', matchLabels: { tier: 'edge' } }],
  tcpKeepalive: { keepAliveProbes: 9 },
});

describe('buildServiceRows', () => {
  it('finds policies by name and by labels, and says which supplies tcpKeepalive (v2.4+: oldest)', () => {
    const [row, untouched] = buildServiceRows([httpbin, other], [byRef, bySelector], 'oldest-wins');
    expect(row!.policies).toEqual([
      { name: 'by-ref', how: 'ref' },
      { name: 'by-selector', how: 'selector' },
    ]);
    expect(row!.keepalive).toEqual({ value: { keepAliveProbes: 3, keepAliveTime: '30s' }, from: 'by-ref', overridden: ['by-selector'] });
    expect(untouched!.policies).toEqual([]);
    expect(untouched!.keepalive).toBeUndefined();
  });

  it('follows v2.1–v2.3 precedence: the newest policy supplies tcpKeepalive', () => {
    const [row] = buildServiceRows([httpbin], [byRef, bySelector], 'newest-wins');
    expect(row!.keepalive).toMatchObject({ value: { keepAliveProbes: 9 }, from: 'by-selector' });
  });

  it('lists every other field in effect with the policy that supplies it, under the version’s precedence', () => {
    const tuning = policy('tuning', '2026-03-01T00:00:00Z', {
      targetSelectors: [{ group: '', kind: 'Service', matchLabels: { app: 'httpbin' } }],
      connectTimeout: '3s',
      healthCheck: { interval: '5s', timeout: '1s', healthyThreshold: 1, unhealthyThreshold: 1, http: { path: '/' } },
    });
    const older = { ...byRef, spec: { ...byRef.spec, connectTimeout: '9s' } };
    const [oldest] = buildServiceRows([httpbin], [older, tuning], 'oldest-wins');
    expect(oldest!.settings).toEqual([
      { field: 'connectTimeout', from: 'by-ref', overridden: ['tuning'] },
      { field: 'healthCheck', from: 'tuning', overridden: [] },
    ]);
    const [newest] = buildServiceRows([httpbin], [older, tuning], 'newest-wins');
    expect(newest!.settings.find((x) => x.field === 'connectTimeout')).toEqual({
      field: 'connectTimeout',
      from: 'tuning',
      overridden: ['by-ref'],
    });
    expect(buildServiceRows([other], [older, tuning], 'oldest-wins')[0]!.settings).toEqual([]);
  });

  it('ignores policies of other namespaces and Backend targets', () => {
    const elsewhere = { ...byRef, namespace: 'shop' };
    const backend = policy('backend', '2026-01-01T00:00:00Z', {
      targetRefs: [{ group: 'gateway.kgateway.dev', kind: 'Backend', name: 'httpbin' }],
    });
    expect(buildServiceRows([httpbin], [elsewhere, backend], 'oldest-wins')[0]!.policies).toEqual([]);
  });
});

describe('matchesSearch', () => {
  it('matches names, namespaces and labels', () => {
    expect(matchesSearch(httpbin, 'bin')).toBe(true);
    expect(matchesSearch(httpbin, 'tier=edge')).toBe(true);
    expect(matchesSearch(httpbin, 'tier=backend')).toBe(false);
    expect(matchesSearch(httpbin, 'httpbin edge')).toBe(true);
    expect(matchesSearch(other, 'edge')).toBe(false);
  });
});

describe('applyServiceChange', () => {
  const svc = (namespace: string, name: string, labels: Record<string, string> = {}): ServiceDto => ({
    ...httpbin,
    namespace,
    name,
    labels,
  });
  const rows = buildServiceRows(
    [svc('a', 'x'), svc('httpbin', 'aaa'), svc('httpbin', 'zzz'), svc('shop', 'cart')],
    [byRef, bySelector],
    'oldest-wins',
  );
  const names = (rs: { namespace: string; name: string }[]) => rs.map((r) => `${r.namespace}/${r.name}`);

  it('adds a Service where a fresh list would put it, with the policies that target it', () => {
    const next = applyServiceChange(
      rows,
      { change: 'ADDED', namespace: 'httpbin', name: 'httpbin', service: httpbin },
      [byRef, bySelector],
      'oldest-wins',
    );
    expect(names(next)).toEqual(['a/x', 'httpbin/aaa', 'httpbin/httpbin', 'httpbin/zzz', 'shop/cart']);
    const added = next.find((r) => r.name === 'httpbin')!;
    expect(added).toEqual(buildServiceRows([httpbin], [byRef, bySelector], 'oldest-wins')[0]);
    expect(added.keepalive?.from).toBe('by-ref');
    // The other rows are the same objects: nothing else re-renders.
    expect(next.filter((r) => r.name !== 'httpbin').every((r, i) => r === rows[i])).toBe(true);
    expect(
      names(applyServiceChange(rows, { change: 'ADDED', namespace: 'zz', name: 'last', service: svc('zz', 'last') }, [], 'oldest-wins')).at(
        -1,
      ),
    ).toBe('zz/last');
    expect(
      names(applyServiceChange(rows, { change: 'ADDED', namespace: '0', name: 'first', service: svc('0', 'first') }, [], 'oldest-wins'))[0],
    ).toBe('0/first');
  });

  it("keeps the API server's key order: shop-a/x before shop/cart, as `kubectl get svc -A` lists them", () => {
    const next = applyServiceChange(
      rows,
      { change: 'ADDED', namespace: 'shop-a', name: 'x', service: svc('shop-a', 'x') },
      [],
      'oldest-wins',
    );
    expect(names(next).slice(-2)).toEqual(['shop-a/x', 'shop/cart']);
  });

  it('replaces a changed Service in place: a new label brings a selector policy', () => {
    const next = applyServiceChange(
      rows,
      { change: 'MODIFIED', namespace: 'httpbin', name: 'zzz', service: svc('httpbin', 'zzz', { tier: 'edge' }) },
      [byRef, bySelector],
      'oldest-wins',
    );
    expect(names(next)).toEqual(names(rows));
    expect(rows.find((r) => r.name === 'zzz')!.policies).toEqual([]);
    expect(next.find((r) => r.name === 'zzz')!.policies).toEqual([{ name: 'by-selector', how: 'selector' }]);
  });

  it('removes a deleted Service, and ignores one it does not show', () => {
    expect(names(applyServiceChange(rows, { change: 'DELETED', namespace: 'httpbin', name: 'aaa' }, [], 'oldest-wins'))).toEqual([
      'a/x',
      'httpbin/zzz',
      'shop/cart',
    ]);
    expect(applyServiceChange(rows, { change: 'DELETED', namespace: 'nowhere', name: 'x' }, [], 'oldest-wins')).toBe(rows);
  });
});
