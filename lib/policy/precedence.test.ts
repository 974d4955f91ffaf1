import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { effectiveFields, mergeRuleFor, type RankedPolicy } from './precedence';

// kgateway's own translator golden for several policies on one Service (kgateway main).
const dir = 'fixtures/kgateway/golden/main/translator/backendconfigpolicy';
const docs = (file: string) => parseAllDocuments(readFileSync(`${dir}/${file}`, 'utf8')).map((d) => d.toJS());

function goldenPolicies(): RankedPolicy[] {
  return docs('merge-multiple-bcp.input.yaml')
    .filter((o) => o?.kind === 'BackendConfigPolicy')
    .map((o) => ({
      namespace: o.metadata.namespace ?? 'default',
      name: o.metadata.name,
      creationTimestamp: o.metadata.creationTimestamp,
      spec: o.spec,
    }));
}

function goldenCluster() {
  const out = docs('merge-multiple-bcp.output.yaml')[0];
  return out.Clusters.find((c: { name: string }) => c.name === 'kube_default_httpbin_8080');
}

describe('mergeRuleFor', () => {
  it.each([
    ['v2.1.0', 'newest-wins'],
    ['v2.2.9', 'newest-wins'],
    ['2.3.7', 'newest-wins'],
    ['v2.4.0', 'oldest-wins'],
    ['v2.4.2', 'oldest-wins'],
    ['v2.5.0-beta.1', 'oldest-wins'],
    ['v3.0.0', 'oldest-wins'],
    [undefined, 'oldest-wins'],
  ] as const)('%s → %s', (version, rule) => expect(mergeRuleFor(version)).toBe(rule));
});

describe('effectiveFields', () => {
  it("matches kgateway's merge golden: the oldest policy wins per field, newer ones fill the gaps", () => {
    const fields = effectiveFields(goldenPolicies(), 'oldest-wins');
    const cluster = goldenCluster();

    expect(cluster.connectTimeout).toBe('5s');
    expect(fields.connectTimeout).toMatchObject({ value: '5s', from: { name: 'bcp-older' }, overridden: [{ name: 'bcp-newer' }] });

    expect(cluster.transportSocket.typedConfig.config.version).toBe('V2');
    expect(fields.upstreamProxyProtocol).toMatchObject({ value: { version: 'V2' }, from: { name: 'bcp-older' } });

    expect(cluster.circuitBreakers.thresholds[0].maxConnections).toBe(1024);
    expect(fields.circuitBreakers).toMatchObject({ value: { maxConnections: 1024 }, from: { name: 'bcp-newer' } });
    expect(fields.targetRefs).toBeUndefined();
  });

  it('lets the newest policy win per field before v2.4', () => {
    const fields = effectiveFields(goldenPolicies(), 'newest-wins');
    expect(fields.connectTimeout).toMatchObject({ value: '99s', from: { name: 'bcp-newer' }, overridden: [{ name: 'bcp-older' }] });
    expect(fields.upstreamProxyProtocol?.from.name).toBe('bcp-older');
  });

  it('takes tcpKeepalive as one unit, never mixing sub-fields of two policies', () => {
    const policies: RankedPolicy[] = [
      { namespace: 'httpbin', name: 'a-old', creationTimestamp: '2026-01-01T00:00:00Z', spec: { tcpKeepalive: { keepAliveProbes: 3 } } },
      { namespace: 'httpbin', name: 'b-new', creationTimestamp: '2026-02-01T00:00:00Z', spec: { tcpKeepalive: { keepAliveTime: '30s' } } },
    ];
    expect(effectiveFields(policies, 'oldest-wins').tcpKeepalive?.value).toEqual({ keepAliveProbes: 3 });
    expect(effectiveFields(policies, 'newest-wins').tcpKeepalive?.value).toEqual({ keepAliveTime: '30s' });
  });

  it('breaks creation-time ties by namespace/name', () => {
    const t = '2026-01-01T00:00:00Z';
    const policies: RankedPolicy[] = [
      { namespace: 'ns', name: 'zeta', creationTimestamp: t, spec: { connectTimeout: '2s' } },
      { namespace: 'ns', name: 'alpha', creationTimestamp: t, spec: { connectTimeout: '1s' } },
    ];
    expect(effectiveFields(policies, 'oldest-wins').connectTimeout?.from.name).toBe('alpha');
    expect(effectiveFields(policies, 'newest-wins').connectTimeout?.from.name).toBe('zeta');
  });
});
