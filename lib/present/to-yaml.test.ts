import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { toYaml } from './to-yaml';

// Real objects: every document of kgateway's translator and setup goldens (v2.1 to main).
const golden = resolve(import.meta.dirname, '../../fixtures/kgateway/golden');
function* yamlFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* yamlFiles(p);
    else if (e.endsWith('.yaml')) yield p;
  }
}
const objects = [...yamlFiles(golden)].flatMap((f) =>
  parseAllDocuments(readFileSync(f, 'utf8'))
    .map((d) => d.toJS() as unknown)
    .filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null)
    .map((o) => ({ file: f.slice(golden.length + 1), o })),
);
const policies = objects.filter(({ o }) => o.kind === 'BackendConfigPolicy');
// In YAML 1.1, as kubectl reads it: the library quotes what 1.1 would take for a timestamp or a boolean.
const library = (v: unknown) => stringify(v, { version: '1.1', indent: 2, lineWidth: 0 });
/** What JSON keeps of a value: what toYaml must give back. */
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('toYaml', () => {
  it('writes every BackendConfigPolicy of the goldens as the yaml library does, byte for byte', () => {
    expect(policies.length).toBeGreaterThan(20);
    for (const { file, o } of policies) expect(toYaml(o), file).toBe(library(o));
  });

  it('writes the form preview of the guide policy as kubectl users read it', () => {
    const policy = {
      apiVersion: 'gateway.kgateway.dev/v1alpha1',
      kind: 'BackendConfigPolicy',
      metadata: { name: 'httpbin-keepalive', namespace: 'httpbin' },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }],
        tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' },
      },
    };
    expect(toYaml(policy)).toBe(library(policy));
    expect(toYaml(policy)).toContain('  targetRefs:\n    - group: ""\n      kind: Service\n      name: httpbin\n');
  });

  it('gives back every golden object, whatever its kind, under YAML 1.2 and 1.1', () => {
    expect(objects.length).toBeGreaterThan(100);
    for (const { file, o } of objects) {
      expect(parse(toYaml(o)), file).toEqual(asJson(o));
      expect(parse(toYaml(o), { version: '1.1' }), file).toEqual(asJson(o));
    }
  });

  it('gives back any JSON value under YAML 1.2 and 1.1 (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
        const text = toYaml(v);
        expect(parse(text)).toEqual(asJson(v));
        expect(parse(text, { version: '1.1' })).toEqual(asJson(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes the strings a YAML 1.1 reader such as kubectl would take for something else', () => {
    for (const s of [
      'yes',
      'No',
      'on',
      'OFF',
      'y',
      'true',
      'null',
      '~',
      '0x1F',
      '0o17',
      '0777',
      '1_000',
      '1e3',
      '.5',
      '.inf',
      '2001-12-14',
      '12:30',
      'a: b',
      '# x',
      '- x',
      ' x',
      'x ',
    ])
      expect(toYaml({ v: s })).toBe(`v: ${JSON.stringify(s)}\n`);
    for (const s of ['30s', '1m30s', 'kube_httpbin_httpbin_8000', 'Service', 'a b', 'app.kubernetes.io/name'])
      expect(toYaml({ v: s })).toBe(`v: ${s}\n`);
  });

  it('refuses what is not JSON data, and nesting past its bound, with a message', () => {
    expect(() => toYaml({ n: Number.NaN })).toThrow('NaN is not a JSON number');
    expect(() => toYaml({ f: () => 1 })).toThrow('function is not JSON data');
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(() => toYaml(deep)).toThrow('nested deeper than 128 levels');
  });
});
