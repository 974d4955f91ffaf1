// Writes lib/policy/crd-schemas/<version>.json: the `spec` schema of each BackendConfigPolicy CRD in
// fixtures/kgateway/crds, as JSON the app can import (server and browser alike; Next cannot import
// YAML). lib/policy/crd-versions.test.ts fails when a file here no longer matches its fixture.
// Run: node scripts/crd-schemas.mjs
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const repo = resolve(import.meta.dirname, '..');
const crds = resolve(repo, 'fixtures/kgateway/crds');
for (const version of readdirSync(crds).sort()) {
  let text;
  try {
    text = readFileSync(resolve(crds, version, 'gateway.kgateway.dev_backendconfigpolicies.yaml'), 'utf8');
  } catch {
    continue;
  }
  const spec = parse(text).spec.versions[0].schema.openAPIV3Schema.properties.spec;
  writeFileSync(resolve(repo, `lib/policy/crd-schemas/${version}.json`), `${JSON.stringify(spec)}\n`);
  console.log(`lib/policy/crd-schemas/${version}.json`);
}
