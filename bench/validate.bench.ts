// Part of npm run bench: judging a policy as the API server does, on every keystroke of the form,
// against the baseline of what the form already does on every keystroke — writing the object out
// as the YAML preview. vitest bench runs the cases in one process, one after the other, and prints
// each one's speed relative to the others.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bench, describe } from 'vitest';
import { parse } from 'yaml';
import { modelFromSpecSchema } from '@/lib/policy/crd-model';
import { validateSpec } from '@/lib/policy/crd-validate';
import { specSchema } from '@/lib/policy/crd-versions';
import { toYaml } from '@/lib/policy/yaml';

// The biggest policy of kgateway's goldens (every section of v2.1's lb-config test) plus the
// sections added since, on the CRD with the most rules (v2.4: 45).
const golden = readFileSync(
  resolve(import.meta.dirname, '../fixtures/kgateway/golden/v2.3.0/translator/backendconfigpolicy/lb-config.input.yaml'),
  'utf8',
);
const spec = {
  ...(parse(golden.split(/^---$/m).find((d) => d.includes('httpbin-policy'))!) as { spec: Record<string, unknown> }).spec,
  outlierDetection: { consecutive5xx: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 20 },
  circuitBreakers: { maxConnections: 100, maxRequests: 200 },
  healthCheck: { timeout: '1s', interval: '5s', unhealthyThreshold: 3, healthyThreshold: 2, http: { path: '/healthz' } },
  dns: { refreshRate: '60s', jitter: '15s' },
};
const object = {
  apiVersion: 'gateway.kgateway.dev/v1alpha1',
  kind: 'BackendConfigPolicy',
  metadata: { name: 'p', namespace: 'httpbin' },
  spec,
};
const model = modelFromSpecSchema(specSchema('v2.4.x'));
if (validateSpec(spec, model).causes.length) throw new Error('the benchmark policy should be valid');

describe('a keystroke in the policy form (baseline: the YAML preview it already writes)', () => {
  bench('toYaml of the policy (baseline)', () => void toYaml(object));
  bench('validateSpec: schema + 45 CEL rules, in the API server’s words', () => void validateSpec(spec, model));
  bench('the field model of the v2.4 CRD (once per CRD version, on the server)', () => void modelFromSpecSchema(specSchema('v2.4.x')));
});
