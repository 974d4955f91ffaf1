import { describe, expect, it } from 'vitest';
import { MAX_YAML_BYTES, specFromYaml, toYaml } from './yaml';

const at = { name: 'httpbin-keepalive', namespace: 'httpbin' };
const guide = {
  apiVersion: 'gateway.kgateway.dev/v1alpha1',
  kind: 'BackendConfigPolicy',
  metadata: at,
  spec: { targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }], tcpKeepalive: { keepAliveProbes: 3 } },
};

describe('specFromYaml', () => {
  it('reads back what the preview shows, and a bare spec', () => {
    expect(specFromYaml(toYaml(guide), at)).toEqual({ spec: guide.spec });
    expect(specFromYaml('connectTimeout: 5s\n', at)).toEqual({ spec: { connectTimeout: '5s' } });
  });
  it('refuses YAML that names another policy, another kind, or is not a mapping', () => {
    expect(specFromYaml(toYaml({ ...guide, metadata: { ...at, name: 'other' } }), at)).toMatchObject({ error: /metadata.name is other/ });
    expect(specFromYaml(toYaml({ ...guide, kind: 'TrafficPolicy' }), at)).toMatchObject({ error: /not BackendConfigPolicy/ });
    expect(specFromYaml('- a\n- b\n', at)).toMatchObject({ error: /mapping/ });
    expect(specFromYaml('spec: [1]\n', at)).toMatchObject({ error: /mapping/ });
  });
  it('gives the parser’s first line for broken YAML, and refuses duplicate keys and aliases', () => {
    expect(specFromYaml('spec:\n  connectTimeout: [\n', at)).toHaveProperty('error');
    expect(specFromYaml('connectTimeout: 1s\nconnectTimeout: 2s\n', at)).toMatchObject({ error: /[Dd]uplicate|unique/ });
    expect(specFromYaml('a: &x [1, 2]\nb: *x\n', at)).toHaveProperty('error');
  });
  it('refuses more than its bound with the sizes, before parsing', () => {
    const big = `connectTimeout: "${'x'.repeat(MAX_YAML_BYTES)}"\n`;
    expect(specFromYaml(big, at)).toMatchObject({ error: /At most 64 KB/ });
  });
});
