import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allFields } from './crd-model';
import { modelFromCrd } from './crd-text';
import { validateSpec } from './crd-validate';

// The validator on the real CRDs of every kgateway version the fixtures hold, and the policies of
// kgateway's own translator goldens (which its API server accepted).

const VERSIONS = ['v2.1.0', 'v2.2.0', 'v2.3.0', 'v2.4.x', 'main'] as const;
const crd = (v: string) =>
  readFileSync(resolve(import.meta.dirname, `../../fixtures/kgateway/crds/${v}/gateway.kgateway.dev_backendconfigpolicies.yaml`), 'utf8');
const model = (v: string) => modelFromCrd(crd(v)).spec;
const ruleCount = (v: string) => allFields(model(v)).reduce((n, f) => n + f.rules.length, 0);
const messages = (spec: unknown, v = 'main') => validateSpec(spec, model(v)).causes.map((c) => `${c.field}: ${c.message}`);
const target = { targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }] };

describe('the field model', () => {
  it('holds every CEL rule of each CRD (SOURCES.md: 31, 32, 36, 45, 45)', () => {
    expect(VERSIONS.map(ruleCount)).toEqual([31, 32, 36, 45, 45]);
  });
  it("takes each field's description as its help text, and only the versions that have them", () => {
    const at = (v: string, p: string) => allFields(model(v)).find((f) => f.path === p);
    expect(at('main', 'spec.tcpKeepalive.keepAliveTime')?.description).toMatch(/idle/i);
    expect(at('v2.2.0', 'spec.dns')).toBeUndefined();
    expect(at('v2.3.0', 'spec.dns.refreshRate')?.type).toBe('string');
    expect(at('v2.3.0', 'spec.http2ProtocolOptions.maxConcurrentStreams')).toMatchObject({ minimum: 1, maximum: 2147483647 });
  });
});

describe('validateSpec', () => {
  it("accepts the keepalive guide's policy", () => {
    expect(messages({ ...target, tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' } })).toEqual([]);
  });

  it('words CEL failures as the API server does, on the field the rule sits on', () => {
    expect(messages({ ...target, tcpKeepalive: { keepAliveTime: '500ms' } })).toEqual([
      'spec.tcpKeepalive.keepAliveTime: Invalid value: "string": keepAliveTime must be at least 1 second',
    ]);
    expect(messages({ ...target, dns: { refreshRate: '1s', jitter: '2s' } }, 'v2.3.0')).toEqual([
      'spec.dns: Invalid value: "object": jitter must be less than or equal to refreshRate',
    ]);
    expect(messages({ ...target, http1ProtocolOptions: {}, http2ProtocolOptions: {} })).toEqual([
      'spec: Invalid value: "object": at most one of the fields in [http1ProtocolOptions http2ProtocolOptions] may be set',
    ]);
  });

  it("judges the keepalive guide's fields by the CRD's rules, not copies of them", () => {
    expect(messages({ ...target, tcpKeepalive: { keepAliveInterval: '1.5s' } }, 'v2.4.x')).toEqual([
      'spec.tcpKeepalive.keepAliveInterval: Invalid value: "string": invalid duration value',
    ]);
    expect(messages({ ...target, tcpKeepalive: { keepAliveTime: '1d' } }, 'v2.1.0')).toEqual([
      'spec.tcpKeepalive.keepAliveTime: Invalid value: "string": invalid duration value',
      `spec.tcpKeepalive.keepAliveTime: Invalid value: "string": type conversion error from 'string' to 'google.protobuf.Duration' evaluating rule: keepAliveTime must be at least 1 second`,
    ]);
  });

  it('words schema failures as the API server does, and skips CEL after a blocking one', () => {
    expect(messages({ ...target, tcpKeepalive: { keepAliveProbes: -1 } })).toEqual([
      'spec.tcpKeepalive.keepAliveProbes: Invalid value: -1: spec.tcpKeepalive.keepAliveProbes in body should be greater than or equal to 0',
    ]);
    expect(messages({ ...target, upstreamProxyProtocol: { version: 'V3' }, tcpKeepalive: { keepAliveTime: '1ms' } })).toEqual([
      'spec.upstreamProxyProtocol.version: Unsupported value: "V3": supported values: "V1", "V2"',
      // The enum stands under allOf in the CRD, and kube-openapi says so once more.
      '<nil>: Invalid value: "": "spec.upstreamProxyProtocol.version" must validate all the schemas (allOf). None validated',
      '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
    expect(messages({ ...target, connectTimeout: 'x'.repeat(33) })[0]).toBe('spec.connectTimeout: Too long: may not be more than 32 bytes');
  });

  it('fills in defaults before judging, as the API server does', () => {
    expect(messages({ ...target, upstreamProxyProtocol: {} }, 'v2.3.0')).toEqual([]);
  });

  it("accepts every policy of kgateway's translator goldens under the version it was written for", () => {
    const goldens: [string, string][] = [
      ['v2.2.0', 'circuitbreakers-full'],
      ['v2.2.0', 'outlierdetection'],
      ['v2.2.0', 'lb-config'],
      ['v2.3.0', 'dns'],
      ['v2.3.0', 'circuitbreakers-track-remaining'],
      ['v2.3.0', 'upstream-proxy-protocol-v2'],
      ['main', 'merge-multiple-bcp'],
    ];
    let policies = 0;
    for (const [v, name] of goldens) {
      const dir = v === 'main' ? 'main' : v;
      const text = readFileSync(
        resolve(import.meta.dirname, `../../fixtures/kgateway/golden/${dir}/translator/backendconfigpolicy/${name}.input.yaml`),
        'utf8',
      );
      for (const doc of text.split(/^---$/m).map((d) => parse(d) as { kind?: string; spec?: unknown } | null)) {
        if (doc?.kind !== 'BackendConfigPolicy') continue;
        policies++;
        expect(validateSpec(doc.spec, model(v)).causes, `${v} ${name}`).toEqual([]);
      }
    }
    expect(policies).toBeGreaterThanOrEqual(goldens.length);
  });
});
