import { describe, expect, it } from 'vitest';
import { fieldErrors, keepalivePolicySchema, type KeepalivePolicyInput } from './schema';

// kgateway's keepalive guide, step 1.
const guide: KeepalivePolicyInput = {
  metadata: { name: 'httpbin-keepalive', namespace: 'httpbin' },
  spec: {
    targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }],
    tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' },
  },
};

function errorsOf(input: unknown) {
  const r = keepalivePolicySchema.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
}

function withKeepalive(k: Record<string, unknown>) {
  return { ...guide, spec: { ...guide.spec, tcpKeepalive: k } };
}

describe('keepalivePolicySchema', () => {
  it("accepts the guide's policy unchanged", () => {
    expect(keepalivePolicySchema.parse(guide)).toEqual(guide);
  });

  it("leaves the CRD's own rules to the CRD validator: it copies none of them", () => {
    // crd-validate.test.ts judges these in the API server's words.
    for (const k of [{ keepAliveTime: '500ms' }, { keepAliveInterval: '1.5s' }, { keepAliveInterval: '1d' }]) {
      expect(errorsOf(withKeepalive(k))).toEqual({});
    }
  });

  it('applies the Linux limits the CRD leaves out', () => {
    expect(errorsOf(withKeepalive({ keepAliveProbes: 128 }))).toEqual({
      'spec.tcpKeepalive.keepAliveProbes': 'Linux accepts at most 127 probes',
    });
    expect(errorsOf(withKeepalive({ keepAliveProbes: 0 }))['spec.tcpKeepalive.keepAliveProbes']).toMatch(/^at least 1/);
    expect(errorsOf(withKeepalive({ keepAliveTime: '9h6m8s' }))['spec.tcpKeepalive.keepAliveTime']).toMatch(/at most 32767s/);
    expect(errorsOf(withKeepalive({ keepAliveTime: '9h6m7s' }))).toEqual({});
  });

  it('reads form strings: empty means unset, digits become numbers', () => {
    const parsed = keepalivePolicySchema.parse(withKeepalive({ keepAliveProbes: '5', keepAliveTime: '', keepAliveInterval: '' }));
    expect(parsed.spec.tcpKeepalive).toEqual({ keepAliveProbes: 5 });
    expect(errorsOf(withKeepalive({ keepAliveProbes: '2.5' }))['spec.tcpKeepalive.keepAliveProbes']).toBe('a whole number');
  });

  it('asks for a target: by name, or by labels alone', () => {
    const none = { ...guide, spec: { ...guide.spec, targetRefs: [] } };
    expect(errorsOf(none)).toEqual({ 'spec.targetRefs': 'pick at least one target' });
    const rest = { tcpKeepalive: guide.spec.tcpKeepalive };
    expect(errorsOf({ ...guide, spec: rest })).toEqual({ 'spec.targetRefs': 'pick at least one target, or add a label selector' });
    const byLabels = { ...guide, spec: { ...rest, targetSelectors: [{ group: '', kind: 'Service', matchLabels: { app: 'httpbin' } }] } };
    expect(errorsOf(byLabels)).toEqual({});
  });

  it('checks names as RFC 1123 and targets as the CRD does', () => {
    const bad = {
      metadata: { name: 'Httpbin_KA', namespace: 'a'.repeat(64) },
      spec: { targetRefs: [{ group: 'gateway.kgateway.dev', kind: 'Service', name: 'httpbin' }], tcpKeepalive: {} },
    };
    expect(Object.keys(errorsOf(bad)).sort()).toEqual(['metadata.name', 'metadata.namespace', 'spec.targetRefs[0].kind']);
    const many = {
      ...guide,
      spec: { ...guide.spec, targetRefs: Array.from({ length: 17 }, (_, i) => ({ group: '', kind: 'Service', name: `s${i}` })) },
    };
    expect(errorsOf(many)).toEqual({ 'spec.targetRefs': 'at most 16 targets' });
  });
});
