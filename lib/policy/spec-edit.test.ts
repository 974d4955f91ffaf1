import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { shortHelp, type FieldNode } from './crd-model';
import { validateSpec } from './crd-validate';
import { specModel, type CrdVersion } from './crd-versions';
import { fieldsNotInVersion, isTree, sectionsOf, setAt, typedSpec, type Tree } from './spec-edit';
import { getAt, hasInput, leafText } from './field-edit';
import { labelsText, parseLabels } from './labels';

// The golden policies of kgateway's translator tests, per version, as the form would hold them.
const GOLDEN = resolve(import.meta.dirname, '../../fixtures/kgateway/golden');
const CRD_OF: Record<string, CrdVersion> = { 'v2.1.x': 'v2.1.0', 'v2.2.0': 'v2.2.0', 'v2.3.0': 'v2.3.0', main: 'main' };

function goldenPolicies(): { version: string; file: string; name: string; spec: Tree }[] {
  const out = [];
  for (const version of Object.keys(CRD_OF)) {
    const dir = resolve(GOLDEN, version, 'translator/backendconfigpolicy');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.input.yaml'))) {
      for (const doc of readFileSync(resolve(dir, file), 'utf8').split(/^---$/m)) {
        const o = parse(doc) as { kind?: string; metadata?: { name: string }; spec?: Tree } | null;
        if (o?.kind === 'BackendConfigPolicy') out.push({ version, file, name: o.metadata!.name, spec: o.spec! });
      }
    }
  }
  return out;
}

/** What a person types: every field that has an input, as text in that input. */
function typedIn(v: unknown, n: FieldNode | undefined): unknown {
  if (!n) return v;
  if (hasInput(n)) return leafText(v);
  if (isTree(v) && n.type === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typedIn(x, n.properties?.[k] ?? n.additionalProperties)]));
  return v;
}

describe('the form reproduces every golden policy', () => {
  const policies = goldenPolicies();
  it('finds policies in every version’s goldens', () => {
    expect(new Set(policies.map((p) => p.version))).toEqual(new Set(Object.keys(CRD_OF)));
    expect(policies.length).toBeGreaterThanOrEqual(15);
    // Most hold numbers or booleans, which really go through text and back.
    const changed = policies.filter((p) => JSON.stringify(typedIn(p.spec, specModel(CRD_OF[p.version]!))) !== JSON.stringify(p.spec));
    expect(changed.length).toBeGreaterThanOrEqual(10);
  });
  it.each(policies.map((p) => [`${p.version} ${p.file} ${p.name}`, p] as const))('%s', (_, p) => {
    const model = specModel(CRD_OF[p.version]!);
    const asText = typedIn(p.spec, model);
    const back = typedSpec(asText, model);
    expect(back).toEqual(p.spec);
    expect(validateSpec(back, model).causes).toEqual([]);
    expect(fieldsNotInVersion(p.spec, model)).toEqual([]);
  });
});

describe('typedSpec', () => {
  const model = specModel('v2.4.x');
  it('keeps what was never edited exactly, types what was typed, drops what was emptied', () => {
    const loaded = { perConnectionBufferLimitBytes: 1024, http2ProtocolOptions: { initialStreamWindowSize: '64Ki' } };
    let tree: Tree = loaded;
    tree = setAt(tree, ['circuitBreakers', 'maxConnections'], '100');
    tree = setAt(tree, ['circuitBreakers', 'trackRemaining'], 'true');
    tree = setAt(tree, ['tls', 'alpnProtocols'], 'h2, http/1.1');
    tree = setAt(tree, ['connectTimeout'], '');
    expect(typedSpec(tree, model)).toEqual({
      ...loaded,
      circuitBreakers: { maxConnections: 100, trackRemaining: true },
      tls: { alpnProtocols: ['h2', 'http/1.1'] },
    });
  });
  it('leaves text that is not the field’s type as text, so validation names it as the API server does', () => {
    const spec = typedSpec({ circuitBreakers: { maxConnections: '12x' } }, model) as Tree;
    expect(getAt(spec, ['circuitBreakers', 'maxConnections'])).toBe('12x');
    expect(validateSpec(spec, model).causes[0]).toMatchObject({
      field: 'spec.circuitBreakers.maxConnections',
      message: expect.stringContaining('must be of type integer') as unknown,
    });
  });
});

describe('sections and versions', () => {
  it('groups the fields as kgateway’s docs do, offering only what the version has', () => {
    const titles = (v: CrdVersion) => sectionsOf(specModel(v)).flatMap((g) => g.keys);
    expect(titles('v2.1.0')).not.toContain('dns');
    expect(titles('v2.1.0')).not.toContain('circuitBreakers');
    expect(titles('v2.3.0')).toEqual(expect.arrayContaining(['dns', 'upstreamProxyProtocol', 'circuitBreakers']));
    for (const v of ['v2.1.0', 'main'] as const) {
      const all = Object.keys(specModel(v).properties!).filter((k) => k !== 'targetRefs' && k !== 'tcpKeepalive');
      expect(titles(v).sort()).toEqual(all.sort()); // every field has a place
    }
  });
  it('names the fields a policy uses that the version does not have', () => {
    const spec = { dns: { refreshRate: '5s' }, circuitBreakers: { maxConnections: 1 }, connectTimeout: '1s' };
    expect(fieldsNotInVersion(spec, specModel('v2.1.0'))).toEqual(['spec.dns', 'spec.circuitBreakers']);
    expect(fieldsNotInVersion(spec, specModel('v2.3.0'))).toEqual([]);
  });
  it('takes the first sentence of a CRD description as the help', () => {
    const d = specModel('main').properties!.connectTimeout!.description;
    expect(d).toBeTruthy();
    expect(shortHelp(d)).toMatch(/\.$/);
    expect(shortHelp(d)!.length).toBeLessThanOrEqual(d!.length);
  });
});

describe('label selectors as text', () => {
  it('reads key=value lists and writes them back the same way', () => {
    expect(parseLabels('app=httpbin, tier=edge')).toEqual({ app: 'httpbin', tier: 'edge' });
    expect(labelsText({ app: 'httpbin', tier: 'edge' })).toBe('app=httpbin, tier=edge');
    expect(parseLabels(labelsText({ 'app.kubernetes.io/name': 'x', empty: '' }))).toEqual({ 'app.kubernetes.io/name': 'x', empty: '' });
  });
  it('says what is wrong instead of guessing', () => {
    expect(parseLabels('app')).toEqual({ error: '"app" is not key=value' });
    expect(parseLabels('=x')).toEqual({ error: '"=x" is not key=value' });
    expect(parseLabels(' , ')).toEqual({ error: 'at least one key=value label' });
  });
});
