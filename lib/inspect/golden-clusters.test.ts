import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Json } from '@/lib/envoy/config-dump';
import { checkClusterFields, expectedClusterFields } from '@/lib/envoy/field-verdicts';
import { withDefaults } from '@/lib/policy/crd-validate';
import { specModel, type CrdVersion } from '@/lib/policy/crd-versions';
import { effectiveFields, mergeRuleFor } from '@/lib/policy/precedence';

// The one verdict engine against kgateway's own translator goldens: for each Service cluster a
// golden outputs, the BackendConfigPolicies of its input that target that Service (stored as the API
// server stores them, defaults filled in; merged under the version's precedence) predict the
// cluster's fields, and every prediction holds in the golden's cluster.

const GOLDEN = resolve(import.meta.dirname, '../../fixtures/kgateway/golden');
const VERSIONS: { dir: string; crd: CrdVersion; release: string }[] = [
  { dir: 'v2.1.x', crd: 'v2.1.0', release: 'v2.1.0' },
  { dir: 'v2.2.0', crd: 'v2.2.0', release: 'v2.2.0' },
  { dir: 'v2.3.0', crd: 'v2.3.0', release: 'v2.3.0' },
  { dir: 'main', crd: 'main', release: 'v2.5.0' },
];

type Doc = { kind?: string; metadata?: { name: string; namespace?: string; creationTimestamp?: string }; spec?: Record<string, unknown> };

/** protojson's camelCase keys as a config dump's snake_case; map keys with dots (extension names) stay. */
const SNAKE: Record<string, string> = { consecutive5xx: 'consecutive_5xx', enforcingConsecutive5xx: 'enforcing_consecutive_5xx' };
function snakeCase(v: unknown): Json {
  if (Array.isArray(v)) return v.map(snakeCase);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        /^[a-z][A-Za-z0-9]*$/.test(k) ? (SNAKE[k] ?? k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) : k,
        snakeCase(x),
      ]),
    );
  return v as Json;
}

function goldens(dir: string): { file: string; input: Doc[]; clusters: Record<string, unknown>[] }[] {
  const base = resolve(GOLDEN, dir, 'translator/backendconfigpolicy');
  return readdirSync(base)
    .filter((f) => f.endsWith('.input.yaml'))
    .map((f) => ({
      file: f,
      input: readFileSync(resolve(base, f), 'utf8')
        .split(/^---$/m)
        .map((d) => parse(d) as Doc | null)
        .filter((d): d is Doc => !!d),
      clusters: (parse(readFileSync(resolve(base, f.replace('.input.', '.output.')), 'utf8')) as { Clusters?: Record<string, unknown>[] })
        .Clusters!,
    }));
}

describe("the verdict engine predicts kgateway's translator goldens", () => {
  let checked = 0;
  for (const v of VERSIONS) {
    for (const g of goldens(v.dir)) {
      it(`${v.dir} ${g.file}`, () => {
        const policies = g.input
          .filter((d) => d.kind === 'BackendConfigPolicy')
          .map((d) => ({
            namespace: d.metadata!.namespace ?? 'default',
            name: d.metadata!.name,
            creationTimestamp: d.metadata!.creationTimestamp ?? '2020-01-01T00:00:00Z',
            spec: withDefaults(d.spec, specModel(v.crd)) as Record<string, unknown>,
          }));
        const judged = g.clusters.flatMap((cluster) => {
          // kube_<ns>_<service>_<port> for a Service, backend_<ns>_<name>_<n> for a kgateway Backend.
          const m = /^(kube|backend)_([^_]+)_(.+)_(\d+)$/.exec(String(cluster.name));
          if (!m) return [];
          const kind = m[1] === 'kube' ? 'Service' : 'Backend';
          const targeting = policies.filter(
            (p) =>
              p.namespace === m[2] &&
              ((p.spec.targetRefs as { kind: string; name: string }[] | undefined) ?? []).some((r) => r.kind === kind && r.name === m[3]),
          );
          if (targeting.length === 0) return [];
          const effective = effectiveFields(targeting, mergeRuleFor(v.release));
          const spec = Object.fromEntries(Object.entries(effective).map(([f, s]) => [f, s.value]));
          const checks = checkClusterFields(
            expectedClusterFields(spec, { tlsApplies: true }),
            snakeCase(cluster) as Record<string, Json>,
            false,
          );
          return checks.map((c) => ({ cluster: cluster.name, field: c.field, expected: c.expected, actual: c.actual, verdict: c.verdict }));
        });
        expect(judged.length, 'predictions made').toBeGreaterThan(0);
        expect(judged.filter((c) => c.verdict !== 'in effect')).toEqual([]);
        checked += judged.length;
      });
    }
  }
  it('made many predictions in all: 129 fields over 15 goldens when this was written', () => {
    expect(checked).toBeGreaterThanOrEqual(129);
  });
});
