import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateSpec } from './crd-validate';
import { envoyPathOf } from '@/lib/envoy/field-verdicts';
import { shortHelp, type FieldNode } from './crd-model';
import { CRD_VERSIONS, crdFor, formModel, specModel, specSchema } from './crd-versions';

const fixture = (v: string) =>
  parse(
    readFileSync(resolve(import.meta.dirname, `../../fixtures/kgateway/crds/${v}/gateway.kgateway.dev_backendconfigpolicies.yaml`), 'utf8'),
  ) as { spec: { versions: { schema: { openAPIV3Schema: { properties: { spec: unknown } } } }[] } };

describe('the CRD schemas the app imports', () => {
  it.each(CRD_VERSIONS)('%s is the fixture CRD’s spec schema (else run node scripts/crd-schemas.mjs)', (v) => {
    expect(specSchema(v)).toEqual(fixture(v).spec.versions[0]!.schema.openAPIV3Schema.properties.spec);
  });
});

describe('crdFor', () => {
  it('takes each release line to its CRD, later patches to the line’s later text', () => {
    const got = ['v2.1.0', 'v2.1.3', '2.2.0', 'v2.2.8', 'v2.3.5', 'v2.4.2'].map((v) => crdFor(v).crd);
    expect(got).toEqual(['v2.1.0', 'v2.1.x-head', 'v2.2.0', 'v2.2.x-head', 'v2.3.0', 'v2.4.x']);
  });
  it('judges dev builds, newer releases and an unknown version by main, and says so', () => {
    for (const v of ['v1.0.0-ci1', 'v2.5.0', undefined]) {
      const c = crdFor(v);
      expect(c.crd).toBe('main');
      expect(c.why).toMatch(/main/);
    }
  });
  it('a later patch’s CRD only relaxes: an Istio Hostname target passes there and not at .0', () => {
    const hostname = { targetRefs: [{ group: 'networking.istio.io', kind: 'Hostname', name: 'example.com' }] };
    const causes = (v: (typeof CRD_VERSIONS)[number]) => validateSpec(hostname, specModel(v)).causes;
    expect(causes('v2.1.0')).not.toEqual([]);
    expect(causes('v2.1.x-head')).toEqual([]);
    expect(causes('v2.2.0')).not.toEqual([]);
    expect(causes('v2.2.x-head')).toEqual([]);
  });
});

describe('formModel', () => {
  it('gives each field the form edits the Envoy path the verdicts check it at, and nothing else changes', () => {
    for (const v of CRD_VERSIONS) {
      const m = formModel(v);
      const props = m.properties!;
      expect(props.connectTimeout!.envoyPath).toBe('connect_timeout');
      expect(props.tcpKeepalive!.properties!.keepAliveTime!.envoyPath).toBe(envoyPathOf('tcpKeepalive.keepAliveTime'));
      // Every node, with or without a path: the model is the CRD's, plus envoyPath.
      const walk = (a: FieldNode, b: FieldNode): void => {
        const { envoyPath, help, properties, items, additionalProperties, ...rest } = a;
        const { properties: bp, items: bi, additionalProperties: ba, ...brest } = b;
        expect(rest).toEqual(brest);
        expect(envoyPath).toBe(a.path.includes('[') ? undefined : envoyPathOf(a.path));
        expect(help).toBe(shortHelp(a.description));
        for (const [k, c] of Object.entries(properties ?? {})) walk(c, bp![k]!);
        if (items) walk(items, bi!);
        if (additionalProperties) walk(additionalProperties, ba!);
      };
      walk(m, specModel(v));
    }
  });
});
