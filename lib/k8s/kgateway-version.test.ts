import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { detectKgateway, type DeploymentSummary } from './kgateway-version';

// The proxy Deployment exactly as kgateway's deployer renders it (translator golden).
function goldenProxy(line: 'main' | 'v2.1.x'): DeploymentSummary {
  const text = readFileSync(`fixtures/kgateway/golden/${line}/deployer/base-gateway.output.yaml`, 'utf8');
  const d = parseAllDocuments(text)
    .map((doc) => doc.toJS())
    .find((o) => o?.kind === 'Deployment');
  return {
    namespace: 'default',
    name: d.metadata.name,
    labels: d.metadata.labels,
    images: d.spec.template.spec.containers.map((c: { image: string }) => c.image),
  };
}

describe('detectKgateway', () => {
  it('reads the version label kgateway puts on its gateway proxies', () => {
    const got = detectKgateway([goldenProxy('main')], true);
    expect(got).toMatchObject({ version: 'v1.0.0-ci1', source: 'proxy' });
    expect(got.detail).toContain('1 gateway proxy Deployment');
  });

  it('recognises v2.1 proxies, which carry the Helm-era labels', () => {
    const v21 = goldenProxy('v2.1.x');
    expect(v21.labels.kgateway).toBe('kube-gateway');
    expect(detectKgateway([v21], true).source).toBe('proxy');
  });

  it('prefers the controller Deployment and falls back to its image tag', () => {
    const controller: DeploymentSummary = {
      namespace: 'kgateway-system',
      name: 'kgateway',
      labels: { 'app.kubernetes.io/name': 'kgateway' },
      images: ['cr.kgateway.dev/kgateway-dev/kgateway:v2.4.2'],
    };
    expect(detectKgateway([goldenProxy('main'), controller], true)).toMatchObject({
      version: 'v2.4.2',
      source: 'controller',
      detail: 'controller Deployment kgateway-system/kgateway',
    });
  });

  it('does not take a registry port for a tag', () => {
    const controller: DeploymentSummary = {
      namespace: 'kgw',
      name: 'kgateway',
      labels: { 'app.kubernetes.io/name': 'kgateway' },
      images: ['registry.local:5000/kgateway@sha256:abc'],
    };
    expect(detectKgateway([controller], true).source).toBe('crd');
  });

  it('reports proxies of different versions (an upgrade in progress)', () => {
    const a = goldenProxy('main');
    const b = { ...a, name: 'other', labels: { ...a.labels, 'app.kubernetes.io/version': '2.4.2' } };
    const got = detectKgateway([a, b], true);
    expect(got.version).toBe('v1.0.0-ci1, v2.4.2');
    expect(got.detail).toContain('mixed versions across 2 gateway proxy Deployments');
  });

  it('ignores the "undefined" version of a controller built without a version stamp', () => {
    const a = goldenProxy('main');
    const unstamped = { ...a, labels: { ...a.labels, 'app.kubernetes.io/version': 'undefined' } };
    expect(detectKgateway([unstamped], true).source).toBe('crd');
  });

  it('says when kgateway is not installed at all', () => {
    expect(detectKgateway([], false)).toEqual({
      source: 'none',
      detail: expect.stringContaining('backendconfigpolicies.gateway.kgateway.dev'),
    });
  });
});
