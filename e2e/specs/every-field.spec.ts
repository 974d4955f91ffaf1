import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { kubectl, kubectlOk } from '../support/stack';
import { dryRun, serverCauses } from '../support/dry-run';
import { expectAcceptedAndAttached, reviewAndApply } from '../support/policy-form';

// Issue 11: a policy beyond keepalive, made in the form from the CRD's field model, is in the
// cluster as typed and lit on both Envoy replicas; a bad value in each section is refused on its
// field with the API server's own message. shop/catalog gets a route here (and loses it after), so
// the cluster exists on the gateway without touching what other specs check on httpbin.

const run = promisify(execFile);
const NS = 'shop';
const NAME = 'catalog-tuning';
const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: catalog, namespace: shop }
spec:
  parentRefs: [{ name: http, namespace: kgateway-system }]
  hostnames: [catalog.example.com]
  rules: [{ backendRefs: [{ name: catalog, port: 9000 }] }]
`;

const EXPECTED = {
  targetRefs: [{ group: '', kind: 'Service', name: 'catalog' }],
  connectTimeout: '3s',
  commonHttpProtocolOptions: { idleTimeout: '30s', maxHeadersCount: 64 },
  outlierDetection: { consecutive5xx: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 20 },
  circuitBreakers: { maxConnections: 100, maxRequests: 200 },
  healthCheck: { timeout: '1s', interval: '5s', unhealthyThreshold: 3, healthyThreshold: 2, http: { path: '/healthz' } },
  loadBalancer: { leastRequest: { choiceCount: 3 } },
};

const group = (page: Page, field: string) => page.getByRole('group', { name: `spec.${field}`, exact: true });

/** Opens a section of the form (a <details>) by its title. */
async function open(page: Page, title: string) {
  const details = page.locator('details', { has: page.locator('summary', { hasText: title }) });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

async function set(scope: Locator | Page, field: string) {
  await scope.getByRole('button', { name: `Set ${field}`, exact: true }).click();
}

async function fill(scope: Locator | Page, values: Record<string, string>) {
  for (const [label, v] of Object.entries(values)) await scope.getByLabel(label, { exact: true }).fill(v);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
  await kubectlOk(['apply', '--server-side', '-f', '-'], { input: ROUTE });
});

test.afterAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', 'catalog-tls-pp', '-n', NS, '--ignore-not-found']);
  await kubectl(['delete', 'secret', 'catalog-upstream-tls', '-n', NS, '--ignore-not-found']);
  await kubectl(['delete', 'secret', 'catalog-tls', 'catalog-opaque', '-n', NS, '--ignore-not-found']);
  await kubectl(['delete', 'backendconfigpolicy', 'catalog-by-labels', '-n', NS, '--ignore-not-found']);
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
  await kubectl(['delete', 'httproute', 'catalog', '-n', NS, '--ignore-not-found']);
});

test('every section in the form: the policy is stored as typed and in effect on both replicas', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`/policies/new?namespace=${NS}&service=catalog`);
  await expect(page.getByTestId('judged-by')).toContainText('the BackendConfigPolicy CRD of kgateway v2.4.2');
  await page.getByLabel('Name', { exact: true }).fill(NAME);

  await open(page, 'Connection');
  await fill(page, { connectTimeout: '3s' });
  await open(page, 'HTTP protocol');
  await set(page, 'commonHttpProtocolOptions');
  await fill(group(page, 'commonHttpProtocolOptions'), { idleTimeout: '30s', maxHeadersCount: '64' });
  await open(page, 'Outlier detection');
  await set(page, 'outlierDetection');
  await fill(group(page, 'outlierDetection'), { consecutive5xx: '5', interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: '20' });
  await open(page, 'Circuit breakers');
  await set(page, 'circuitBreakers');
  await fill(group(page, 'circuitBreakers'), { maxConnections: '100', maxRequests: '200' });
  await open(page, 'Health checks');
  await set(page, 'healthCheck');
  await fill(group(page, 'healthCheck'), { timeout: '1s', interval: '5s', unhealthyThreshold: '3', healthyThreshold: '2' });
  await set(group(page, 'healthCheck'), 'http');
  await fill(group(page, 'healthCheck.http'), { path: '/healthz' });
  await open(page, 'Load balancing');
  await set(page, 'loadBalancer');
  await set(group(page, 'loadBalancer'), 'leastRequest');
  await fill(group(page, 'loadBalancer.leastRequest'), { choiceCount: '3' });
  await expect(page.locator('.field-error')).toHaveCount(0);

  await reviewAndApply(page);
  await expectAcceptedAndAttached(page);
  const stored = JSON.parse(await kubectlOk(['get', 'backendconfigpolicy', NAME, '-n', NS, '-o', 'jsonpath={.spec}'])) as Record<
    string,
    unknown
  >;
  expect(stored).toEqual(EXPECTED); // no keepalive asked, none sent

  // Every field lit in the cluster kgateway wrote, on every replica.
  await page.getByRole('button', { name: 'Verify on the gateways' }).click();
  await expect(page.getByTestId('verify-result')).toHaveText(/^In effect on every replica after \d+\.\d s\.$/, { timeout: 120_000 });
  await expect(page.getByText('kgateway-system/http · shop/catalog:9000: in effect on 2 of 2 replicas')).toBeVisible();

  // Each field lit in the cluster on both replicas, and judged in effect there, naming the policy.
  await page.goto(`/gateways/kgateway-system/http?service=${NS}/catalog&port=9000`);
  await expect(page.getByRole('region', { name: /^Replica / })).toHaveCount(2);
  for (const r of await page.getByRole('region', { name: /^Replica / }).all()) {
    const lit = r.locator('.cluster-json .hl');
    for (const line of [
      '"connect_timeout": "3s"',
      '"idle_timeout": "30s"',
      '"max_headers_count": 64',
      '"consecutive_5xx": 5',
      '"max_connections": 100',
      '"path": "/healthz"',
      'envoy.load_balancing_policies.least_request',
    ])
      await expect(lit.filter({ hasText: line }).first(), line).toBeVisible();
    for (const field of [
      'connectTimeout',
      'commonHttpProtocolOptions.maxHeadersCount',
      'outlierDetection.maxEjectionPercent',
      'circuitBreakers.maxRequests',
      'healthCheck.interval',
      'healthCheck.http.path',
      'loadBalancer.leastRequest',
    ])
      await expect(r.getByRole('row', { name: new RegExp(`^${field.replace(/\./g, '\\.')} `) }), field).toContainText(`(${NAME})`);
    await expect(r.getByRole('row').filter({ hasText: 'different' })).toHaveCount(0);
  }

  // The Services and Policies pages name every field in effect and the policy that supplies it.
  await page.goto(`/services?q=catalog&ns=${NS}`);
  const row = page.getByRole('row').filter({ hasText: 'catalog' }).first();
  for (const field of Object.keys(EXPECTED).filter((f) => f !== 'targetRefs')) await expect(row).toContainText(field);
  await expect(row).toContainText(`from ${NAME}`);
  await page.goto('/policies');
  const sets = page.getByRole('listitem', { name: `${NS}/${NAME}` }).getByTestId('policy-sets');
  for (const field of Object.keys(EXPECTED).filter((f) => f !== 'targetRefs')) await expect(sets).toContainText(field);
});

/** Each section's bad value: the spec it makes, the field the API server names, and how to type it. */
const BAD: { section: string; title: string; field: string; spec: Record<string, unknown>; type: (page: Page) => Promise<void> }[] = [
  {
    section: 'Connection',
    title: 'Connection',
    field: 'spec.connectTimeout',
    spec: { connectTimeout: '3 seconds' },
    type: (page) => fill(page, { connectTimeout: '3 seconds' }),
  },
  {
    section: 'HTTP protocol',
    title: 'HTTP protocol',
    field: 'spec.commonHttpProtocolOptions.maxHeadersCount',
    spec: { commonHttpProtocolOptions: { ...EXPECTED.commonHttpProtocolOptions, maxHeadersCount: -1 } },
    type: (page) => fill(group(page, 'commonHttpProtocolOptions'), { maxHeadersCount: '-1' }),
  },
  {
    section: 'outlier detection',
    title: 'Outlier detection',
    field: 'spec.outlierDetection.maxEjectionPercent',
    spec: { outlierDetection: { ...EXPECTED.outlierDetection, maxEjectionPercent: 101 } },
    type: (page) => fill(group(page, 'outlierDetection'), { maxEjectionPercent: '101' }),
  },
  {
    section: 'circuit breakers',
    title: 'Circuit breakers',
    field: 'spec.circuitBreakers.maxConnections',
    spec: { circuitBreakers: { ...EXPECTED.circuitBreakers, maxConnections: 0 } },
    type: (page) => fill(group(page, 'circuitBreakers'), { maxConnections: '0' }),
  },
  {
    section: 'health check (a rule on the object)',
    title: 'Health checks',
    field: 'spec.healthCheck',
    spec: { healthCheck: { ...EXPECTED.healthCheck, http: undefined } },
    type: (page) => group(page, 'healthCheck').getByRole('button', { name: 'Remove http' }).click(),
  },
  {
    section: 'load balancing (a one-of rule)',
    title: 'Load balancing',
    field: 'spec.loadBalancer',
    spec: { loadBalancer: { leastRequest: { choiceCount: 3 }, random: {} } },
    type: (page) => set(group(page, 'loadBalancer'), 'random'),
  },
];

test("a bad value in each section is refused on its field, in the API server's words, and changes nothing", async ({ page }) => {
  await page.goto(`/policies/${NS}/${NAME}`);
  await expect(page.getByTestId('judged-by')).toBeVisible();
  for (const bad of BAD) {
    await open(page, bad.title);
    await bad.type(page);
    const theirs = serverCauses(await dryRun('gateway.kgateway.dev', NS, { ...EXPECTED, ...bad.spec }));
    const message = theirs.find((c) => c.startsWith(`${bad.field}: `))?.slice(bad.field.length + 2);
    expect(message, `${bad.section}: the API server names ${bad.field} (${theirs.join(' | ')})`).toBeTruthy();
    // Shown as typed, before anything is sent; the first bad field also after the dry run.
    await page.getByRole('button', { name: 'Review changes (dry run)' }).click();
    // On the field the API server names (an object's rule on the object's group), word for word.
    const onField = page.locator(`#${bad.field.replace(/\./g, '-')}-error`);
    await expect(onField, bad.section).toHaveText(message!);
    await expect(onField).toHaveAttribute('role', 'alert');
    await page.reload();
    await expect(page.getByTestId('judged-by')).toBeVisible();
  }
  const stored = JSON.parse(await kubectlOk(['get', 'backendconfigpolicy', NAME, '-n', NS, '-o', 'jsonpath={.spec}'])) as Record<
    string,
    unknown
  >;
  expect(stored).toEqual(EXPECTED); // no keepalive asked, none sent
});

test('the YAML tab holds what the form cannot (hash policies), keeps broken YAML as typed, and applies the rest', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`/policies/${NS}/${NAME}`);
  await expect(page.getByTestId('judged-by')).toBeVisible();
  await page.getByRole('tab', { name: 'YAML' }).click();
  const editor = page.getByLabel('Edit as YAML');
  await expect(editor).toHaveValue(/choiceCount: 3/);

  await editor.fill('spec:\n  loadBalancer: [\n');
  await expect(page.getByRole('alert').filter({ hasText: 'The form keeps its last good values.' })).toBeVisible();
  await expect(editor).toHaveValue('spec:\n  loadBalancer: [\n'); // kept as typed
  await expect(page.getByTestId('yaml-preview')).toContainText('choiceCount: 3'); // the form did not move

  const ringHash = { hashPolicies: [{ header: { name: 'x-user' } }], minimumRingSize: 1024 };
  const spec = { ...EXPECTED, loadBalancer: { ringHash } };
  await editor.fill(stringify({ metadata: { name: NAME, namespace: NS }, spec }));
  await expect(page.getByTestId('yaml-preview')).toContainText('x-user');
  await expect(page.getByTestId('yaml-problems')).toHaveCount(0);
  // The form shows the list as YAML, under the kind it belongs to.
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(group(page, 'loadBalancer.ringHash')).toContainText('name: x-user');
  await expect(group(page, 'loadBalancer.ringHash').getByLabel('minimumRingSize', { exact: true })).toHaveValue('1024');

  await reviewAndApply(page);
  const stored = JSON.parse(await kubectlOk(['get', 'backendconfigpolicy', NAME, '-n', NS, '-o', 'jsonpath={.spec}'])) as Record<
    string,
    unknown
  >;
  expect(stored).toEqual(spec);
  await page.getByRole('button', { name: 'Verify on the gateways' }).click();
  await expect(page.getByTestId('verify-result')).toHaveText(/^In effect on every replica after \d+\.\d s\.$/, { timeout: 120_000 });
});

test("tls.secretRef offers the namespace's TLS Secrets by name, and no Secret's contents reach the browser", async ({ page }) => {
  const CERT = 'not-a-real-certificate-0f3a9c';
  for (const [name, type] of [
    ['catalog-tls', 'kubernetes.io/tls'],
    ['catalog-opaque', 'Opaque'],
  ] as const)
    await kubectlOk([
      'create',
      'secret',
      'generic',
      name,
      '-n',
      NS,
      `--type=${type}`,
      `--from-literal=tls.crt=${CERT}`,
      `--from-literal=tls.key=${CERT}-key`,
    ]);
  await page.goto(`/policies/${NS}/${NAME}`);
  await expect(page.getByTestId('judged-by')).toBeVisible();
  await open(page, 'TLS');
  await set(page, 'tls');
  await set(group(page, 'tls'), 'secretRef');
  const options = page.getByTestId('spec-tls-secretRef-name-options').locator('option');
  await expect(options).toHaveCount(1);
  await expect(options).toHaveAttribute('value', 'catalog-tls'); // TLS Secrets only
  await group(page, 'tls.secretRef').getByLabel('name', { exact: true }).fill('catalog-tls');
  await expect(page.getByTestId('yaml-preview')).toContainText('name: catalog-tls');

  // What the browser can ask for: names, never contents (the server asks the API server for metadata only).
  const r = await page.request.get('/c/kgateway-local-admin/api/secrets/shop');
  const body = await r.text();
  expect(JSON.parse(body)).toEqual({ ok: true, value: ['catalog-tls'] });
  for (const secret of [CERT, Buffer.from(CERT).toString('base64')]) expect(body).not.toContain(secret);
});

test('a policy that targets by labels alone: typed as key=value, kept as typed when it does not read', async ({ page }) => {
  await kubectl(['delete', 'backendconfigpolicy', 'catalog-by-labels', '-n', NS, '--ignore-not-found']);
  await page.goto(`/policies/new?namespace=${NS}&service=catalog`);
  await expect(page.getByTestId('judged-by')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('catalog-by-labels');
  await page.getByRole('checkbox', { name: 'Service catalog' }).uncheck();
  await open(page, 'Targets by label');
  await page.getByRole('button', { name: 'Add label selector' }).click();
  const selector = page.getByRole('group', { name: 'Label selector 1' });
  await selector.getByLabel('matchLabels').fill('app');
  await expect(selector.getByRole('alert')).toHaveText('"app" is not key=value');
  await expect(selector.getByLabel('matchLabels')).toHaveValue('app'); // kept as typed
  await selector.getByLabel('matchLabels').fill('app=catalog');
  await expect(page.getByTestId('yaml-preview')).toContainText('app: catalog');
  await expect(page.getByTestId('yaml-preview')).not.toContainText('targetRefs');
  await reviewAndApply(page);
  const stored = JSON.parse(
    await kubectlOk(['get', 'backendconfigpolicy', 'catalog-by-labels', '-n', NS, '-o', 'jsonpath={.spec}']),
  ) as Record<string, unknown>;
  expect(stored).toEqual({ targetSelectors: [{ group: '', kind: 'Service', matchLabels: { app: 'catalog' } }] });
  await page.goto(`/services?q=catalog&ns=${NS}`);
  await expect(page.getByRole('row').filter({ hasText: 'catalog' }).first()).toContainText('catalog-by-labels (labels)');
});

test('tls and upstream proxy protocol are judged on the live cluster: the TLS socket inside the proxy protocol one', async ({ page }) => {
  test.setTimeout(180_000);
  // A real certificate, so kgateway builds the TLS context (it refuses a Secret it cannot parse).
  const dir = mkdtempSync(resolve(tmpdir(), 'catalog-tls-'));
  await run(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=catalog.shop'].concat([
      '-keyout',
      resolve(dir, 'tls.key'),
      '-out',
      resolve(dir, 'tls.crt'),
    ]),
  );
  await kubectl(['delete', 'secret', 'catalog-upstream-tls', '-n', NS, '--ignore-not-found']);
  await kubectlOk([
    'create',
    'secret',
    'tls',
    'catalog-upstream-tls',
    '-n',
    NS,
    `--cert=${resolve(dir, 'tls.crt')}`,
    `--key=${resolve(dir, 'tls.key')}`,
  ]);
  rmSync(dir, { recursive: true });
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']); // one policy on catalog here
  await kubectlOk(['apply', '--server-side', '-f', '-'], {
    input: stringify({
      apiVersion: 'gateway.kgateway.dev/v1alpha1',
      kind: 'BackendConfigPolicy',
      metadata: { name: 'catalog-tls-pp', namespace: NS },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: 'catalog' }],
        upstreamProxyProtocol: { version: 'V2' },
        tls: { secretRef: { name: 'catalog-upstream-tls' }, sni: 'catalog.shop', alpnProtocols: ['h2'], parameters: { minVersion: '1.2' } },
      },
    }),
  });
  // The gateway view reads both replicas again until the change has arrived (up to ~17 s here).
  await expect
    .poll(
      async () => {
        await page.goto(`/gateways/kgateway-system/http?service=${NS}/catalog&port=9000`);
        return page.getByTestId('replica-summary').textContent();
      },
      { timeout: 90_000, intervals: [2000] },
    )
    .toBe('In effect on 2 of 2 replicas.');
  for (const r of await page.getByRole('region', { name: /^Replica / }).all()) {
    for (const field of [
      'upstreamProxyProtocol',
      'upstreamProxyProtocol.version',
      'tls',
      'tls.sni',
      'tls.alpnProtocols',
      'tls.parameters.minVersion',
    ])
      await expect(r.getByRole('row', { name: new RegExp(`^${field.replace(/\./g, '\\.')} `) }), field).toContainText('in effect');
    await expect(r.getByRole('row', { name: /^tls / })).toContainText('transport_socket.typed_config.transport_socket.name');
  }
  // A colleague who may not list Secrets sees the name, and why there is nothing to pick from.
  await page.goto(`/c/kgateway-local-viewer/policies/${NS}/catalog-tls-pp`);
  await expect(group(page, 'tls.secretRef').getByLabel('name', { exact: true })).toHaveValue('catalog-upstream-tls');
  await expect(page.getByTestId('spec-tls-secretRef-name-note')).toContainText('Missing permission: list secrets in namespace shop');
});
