import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { allFields, type FieldNode } from '@/lib/policy/crd-model';
import { modelFromCrd } from '@/lib/policy/crd-text';
import { validateSpec, type Cause } from '@/lib/policy/crd-validate';
import { kubectl, kubectlOk } from '../support/stack';
import { dryRun, serverCauses } from '../support/dry-run';
import { sample, specWith } from '../support/crd-samples';

// The dashboard's validation against the real API server's, for every CEL rule and every schema
// limit of the BackendConfigPolicy CRD of each kgateway version in the fixtures. Each version's CRD
// is installed under a group of its own (the rules never name the group), so all five are judged
// by the same API server side by side. fast-check generates values around each limit and for each
// rule; every value is sent as a server-side dry run and judged by the dashboard, and the two must
// give the same causes, word for word. Every limit and rule must see a value accepted and one refused.

const VERSIONS = ['v2.1.0', 'v2.2.0', 'v2.3.0', 'v2.4.x', 'main'] as const;
const NS = 'crd-check';
const RUNS = 12;
const repo = resolve(import.meta.dirname, '../..');
const groupOf = (v: string) => `${v.replace(/\./g, '-')}.crd-check.dashboard.test`;
const crdText = (v: string) =>
  readFileSync(resolve(repo, `fixtures/kgateway/crds/${v}/gateway.kgateway.dev_backendconfigpolicies.yaml`), 'utf8');

const dryRunAt = (version: string, spec: unknown) => dryRun(groupOf(version), NS, spec);
const ourCauses = (causes: Cause[]) => causes.map((c) => `${c.field}: ${c.message}`).sort();

// ---- values around each limit and for each rule

const durations = fc.oneof(
  fc.integer({ min: 0, max: 2000 }).map((ms) => `${ms}ms`),
  fc.integer({ min: 0, max: 40000 }).map((s) => `${s}s`),
  fc.constantFrom('1h', '1m30s', '1.5s', '-1s', '1d', 'abc', '', '100000s', '1h1m1s1ms1s', '0s'),
);

function valuesFor(n: FieldNode, around: string): fc.Arbitrary<unknown> {
  switch (around) {
    case 'minimum':
      return fc.integer({ min: n.minimum! - 3, max: n.minimum! + 3 });
    case 'maximum':
      return fc.integer({ min: n.maximum! - 3, max: n.maximum! + 3 });
    case 'minLength':
    case 'maxLength': {
      const l = around === 'minLength' ? n.minLength! : n.maxLength!;
      return fc.oneof(
        fc.integer({ min: Math.max(0, l - 2), max: l + 2 }).map((k) => 'a'.repeat(k)),
        fc.integer({ min: Math.max(0, l - 2), max: l + 2 }).map((k) => '1s'.repeat(Math.ceil(k / 2)).slice(0, k)),
      );
    }
    case 'pattern':
      return fc.oneof(fc.stringMatching(new RegExp(n.pattern!)), fc.string({ maxLength: 12 }));
    case 'enum':
      return fc.constantFrom(...n.enum!, 'Other', String(n.enum![0]).toLowerCase(), '');
    case 'minItems':
    case 'maxItems': {
      const l = around === 'minItems' ? n.minItems! : n.maxItems!;
      return fc.integer({ min: Math.max(0, l - 1), max: l + 1 }).map((k) => Array.from({ length: k }, () => sample(n.items!)));
    }
    default:
      return ruleValues(n);
  }
}

/** Values that put a node's CEL rules to the test: its own kind of value, near what the rules compare. */
function ruleValues(n: FieldNode): fc.Arbitrary<unknown> {
  const base = sample(n);
  switch (n.type) {
    case 'string':
      // Durations, and numbers written as strings (slowStart.aggression).
      return fc.oneof(durations, fc.constantFrom('0.0', '0', '0.5', '1.5', '-1', '.5', '1e3', 'abc', '1.'));
    case 'int-or-string':
      return fc.oneof(
        fc.integer({ min: 65530, max: 65540 }),
        fc.integer({ min: 2147483640, max: 2147483655 }),
        fc.constantFrom('64Ki', '1Mi', '2Gi', '65535', '0.5', 'abc', '-1'),
      );
    case 'array':
      // targetRefs and targetSelectors: group and kind from what the rules name, and what they do not.
      return fc.array(
        fc
          .record({
            group: fc.constantFrom('', 'gateway.kgateway.dev', 'networking.istio.io', 'apps'),
            kind: fc.constantFrom('Service', 'Backend', 'Hostname', 'Deployment'),
          })
          .map((r) => ({ ...r, ...(n.items?.properties?.name ? { name: 'svc' } : { matchLabels: { app: 'x' } }) })),
        { minLength: 1, maxLength: 3 },
      );
    case 'object': {
      // Any subset of its optional fields, each minimally valid; durations where durations go. Or
      // the same subset on nothing but the required fields, so "at least one of" sees none.
      const optional = Object.entries(n.properties ?? {}).filter(([k]) => !n.required.includes(k));
      const bare = Object.fromEntries(n.required.map((k) => [k, (base as Record<string, unknown>)[k]]));
      return fc
        .tuple(fc.subarray(optional), fc.boolean())
        .chain(([picked, onBase]) =>
          fc
            .tuple(
              ...picked.map(([, c]) =>
                c.type === 'string' && !c.enum ? fc.oneof(fc.constant(sample(c)), durations) : fc.constant(sample(c)),
              ),
            )
            .map((vals) => ({ ...(onBase ? (base as object) : bare), ...Object.fromEntries(picked.map(([k], i) => [k, vals[i]])) })),
        );
    }
    default:
      return fc.constant(base);
  }
}

const LIMITS = ['minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'enum', 'minItems', 'maxItems'] as const;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await kubectl(['create', 'namespace', NS]);
  for (const v of VERSIONS) {
    const crd = parse(crdText(v)) as { metadata: Record<string, unknown>; spec: { group: string } };
    crd.metadata = { name: `backendconfigpolicies.${groupOf(v)}` };
    crd.spec.group = groupOf(v);
    await kubectlOk(['apply', '--server-side', '-f', '-'], { input: stringify(crd) });
  }
  await kubectlOk([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    ...VERSIONS.map((v) => `crd/backendconfigpolicies.${groupOf(v)}`),
  ]);
});

test.afterAll(async () => {
  await kubectl(['delete', 'crd', ...VERSIONS.map((v) => `backendconfigpolicies.${groupOf(v)}`), '--ignore-not-found', '--wait=false']);
  await kubectl(['delete', 'namespace', NS, '--ignore-not-found', '--wait=false']);
});

for (const version of VERSIONS) {
  test(`${version}: every CEL rule and schema limit, judged the same as the API server`, async () => {
    test.setTimeout(300_000);
    const spec = modelFromCrd(crdText(version)).spec;
    // The minimal policy itself: both accept it.
    const minimal = sample(spec);
    expect(ourCauses(validateSpec(minimal, spec).causes)).toEqual([]);
    expect(serverCauses(await dryRunAt(version, minimal))).toEqual([]);

    const targets = allFields(spec).flatMap((n) => [
      ...LIMITS.filter((l) => n[l] !== undefined).map((l) => ({ n, around: l as string })),
      ...n.rules.map((r) => ({ n, around: `rule: ${r.message ?? r.rule}` })),
    ]);
    const seen = new Map<string, { accepted: boolean; refused: boolean }>();
    let compared = 0;
    const disagreements: string[] = [];
    for (const { n, around } of targets) {
      const key = `${n.path} ${around}`;
      const s = { accepted: false, refused: false };
      seen.set(key, s);
      // Every disagreement is collected (each with its value), so one run shows them all.
      await fc
        .assert(
          fc.asyncProperty(valuesFor(n, around), async (value) => {
            const policy = specWith(spec, n.path, value);
            const ours = ourCauses(validateSpec(policy, spec).causes);
            const theirs = serverCauses(await dryRunAt(version, policy));
            compared++;
            if (theirs.length) s.refused = true;
            else s.accepted = true;
            expect(ours, `${key}: ${JSON.stringify(value)}`).toEqual(theirs);
          }),
          // The field's own minimal valid value always runs too, so each limit sees an accepted value.
          { numRuns: RUNS, seed: 42, endOnFailure: true, examples: [[sample(n)]] },
        )
        .catch((e: Error) => disagreements.push(`${(e.cause as Error | undefined)?.message ?? e.message}`));
    }
    test.info().annotations.push({ type: 'compared', description: `${compared} values over ${targets.length} limits and rules` });
    console.log(`${version}: ${compared} values over ${targets.length} limits and rules, judged alike`);
    expect(disagreements, 'values the dashboard and the API server judge differently').toEqual([]);
    const oneSided = [...seen]
      .filter(([, s]) => !s.accepted || !s.refused)
      .map(([k, s]) => `${k} (${s.accepted ? 'never refused' : 'never accepted'})`);
    expect(oneSided, 'limits and rules whose generated values all landed on one side').toEqual([]);
  });
}
