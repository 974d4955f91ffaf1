import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { adminKubeconfig, kubectl, kubectlOk } from '../support/stack';
import { expectAcceptedAndAttached, reviewAndApply } from '../support/policy-form';

// kgateway's keepalive guide, step 1, through the dashboard: create, check with kubectl, edit,
// follow the status, bad input, a race with kubectl, the viewer's view, delete.

const NS = 'httpbin';
const NAME = 'httpbin-keepalive';
const EDIT_URL = `/policies/${NS}/${NAME}`;

async function liveSpec() {
  const out = await kubectlOk(['get', 'backendconfigpolicy', NAME, '-n', NS, '-o', 'json', '--show-managed-fields']);
  return JSON.parse(out) as { spec: { tcpKeepalive: Record<string, unknown> }; metadata: { managedFields: { manager: string }[] } };
}

async function fill(page: Page, values: Record<string, string>) {
  for (const [field, v] of Object.entries(values)) await page.getByLabel(field, { exact: true }).fill(v);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
});

test.afterAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
});

test("create the guide's policy from the Services page", async ({ page }) => {
  await page.goto('/services');
  await page.getByRole('searchbox', { name: 'Search by name or label' }).fill('app=httpbin');
  await expect(page).toHaveURL(/q=app%3Dhttpbin/);
  const row = page.getByRole('row').filter({ hasText: 'httpbin' });
  await expect(row).toHaveCount(1);
  await row.getByRole('link', { name: 'add keepalive' }).click();
  await expect(page).toHaveURL(/\/policies\/new\?namespace=httpbin&service=httpbin/);

  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(NAME);
  await expect(page.getByRole('checkbox', { name: 'Service httpbin' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Backend httpbin-static' })).not.toBeChecked(); // Backends are targets too
  await fill(page, { keepAliveProbes: '3', keepAliveTime: '30s', keepAliveInterval: '5s' });
  await expect(page.getByTestId('envoy-keepAliveTime')).toHaveText('Envoy: keepalive_time: 30');
  await expect(page.getByTestId('yaml-preview')).toContainText('keepAliveTime: 30s');

  await reviewAndApply(page);
  await expectAcceptedAndAttached(page);
  await expect(page).toHaveURL(new RegExp(`${EDIT_URL}$`));

  const live = await liveSpec();
  expect(live.spec.tcpKeepalive).toEqual({ keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' });
  expect(live.metadata.managedFields.map((m) => m.manager)).toContain('kgateway-dashboard');
});

test('the Services page shows the keepalive in effect and where it comes from', async ({ page }) => {
  await page.goto('/services?q=httpbin&ns=httpbin');
  const row = page.getByRole('row').filter({ hasText: 'httpbin' }).first();
  await expect(row).toContainText('probes 3 · time 30s · interval 5s');
  await expect(row).toContainText(`from ${NAME}`);
});

test('edit to 1m30s: the diff shows one line and kgateway accepts the new generation', async ({ page }) => {
  // A field the form does not edit, set by someone else: it must survive the edit untouched.
  await kubectlOk([
    'patch',
    'backendconfigpolicy',
    NAME,
    '-n',
    NS,
    '--type=merge',
    '--field-manager=platform-team',
    '-p',
    '{"spec":{"connectTimeout":"7s"}}',
  ]);
  await page.goto(EDIT_URL);
  // Shown in its section of the form, from the CRD, and sent back as it is.
  await expect(page.getByLabel('connectTimeout', { exact: true })).toHaveValue('7s');
  await fill(page, { keepAliveTime: '1m30s' });
  await expect(page.getByTestId('envoy-keepAliveTime')).toHaveText('Envoy: keepalive_time: 90');
  await page.getByRole('button', { name: 'Review changes (dry run)' }).click();
  await expect(page.getByTestId('diff')).toContainText('-     keepAliveTime: 30s');
  await expect(page.getByTestId('diff')).toContainText('+     keepAliveTime: 1m30s');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expectAcceptedAndAttached(page);
  const live = (await liveSpec()).spec as { tcpKeepalive: { keepAliveTime: string }; connectTimeout: string };
  expect(live.tcpKeepalive.keepAliveTime).toBe('1m30s');
  expect(live.connectTimeout).toBe('7s');

  // The guide's steps 2–4 from the form: every replica's config dump shows keepalive_time 90.
  await page.getByRole('button', { name: 'Verify on the gateways' }).click();
  await expect(page.getByTestId('verify-result')).toHaveText(/^In effect on every replica after \d+\.\d s\.$/, { timeout: 100_000 });
  await expect(page.getByText('kgateway-system/http · httpbin/httpbin:8000: in effect on 2 of 2 replicas')).toBeVisible();
});

test("bad values get the API server's messages on their fields and change nothing", async ({ page }) => {
  await page.goto(EDIT_URL);
  await fill(page, { keepAliveTime: '1500ms' });
  await expect(page.getByTestId('envoy-keepAliveTime')).toContainText('1500ms is 1.5 s; Envoy receives whole seconds, so 1 s');

  await fill(page, { keepAliveTime: '500ms', keepAliveInterval: '1.5s', keepAliveProbes: '200' });
  await page.getByRole('button', { name: 'Review changes (dry run)' }).click();
  await expect(page.getByText('keepAliveTime must be at least 1 second')).toBeVisible();
  // The CRD's own rules, in the API server's words, before anything is sent.
  await expect(page.getByText('Invalid value: "string": invalid duration value')).toBeVisible();
  await expect(page.getByTestId('judged-by')).toContainText('kgateway v2.4.2');
  await expect(page.getByText('Linux accepts at most 127 probes')).toBeVisible();
  await expect(page.getByLabel('keepAliveTime', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('keepAliveTime', { exact: true })).toHaveValue('500ms'); // input kept
  expect((await liveSpec()).spec.tcpKeepalive).toEqual({ keepAliveProbes: 3, keepAliveTime: '1m30s', keepAliveInterval: '5s' });
});

test('a concurrent kubectl edit wins the race, and nothing is lost', async ({ page }) => {
  await page.goto(EDIT_URL);
  await fill(page, { keepAliveInterval: '10s' });
  // Someone else changes the policy after the form was loaded.
  await kubectlOk([
    'patch',
    'backendconfigpolicy',
    NAME,
    '-n',
    NS,
    '--type=merge',
    '--field-manager=kubectl-edit',
    '-p',
    '{"spec":{"tcpKeepalive":{"keepAliveProbes":7}}}',
  ]);

  await page.getByRole('button', { name: 'Review changes (dry run)' }).click();
  const conflict = page.getByRole('region', { name: 'Changed by someone else since you opened it' });
  await expect(conflict).toContainText('kubectl-edit');
  await expect(conflict.getByTestId('their-version')).toContainText('keepAliveProbes: 7');
  await expect(page.getByLabel('keepAliveInterval', { exact: true })).toHaveValue('10s');
  expect((await liveSpec()).spec.tcpKeepalive).toEqual({ keepAliveProbes: 7, keepAliveTime: '1m30s', keepAliveInterval: '5s' });

  // Use their version as the base: the review now shows exactly what applying ours changes.
  await conflict.getByRole('button', { name: /Use their version as the base/ }).click();
  await page.getByRole('button', { name: 'Review changes (dry run)' }).click();
  await expect(page.getByTestId('error-banner')).toContainText('conflict with "kubectl-edit"');
  // kubectl-edit owns keepAliveProbes now; the user decides to take over.
  await page.getByRole('button', { name: 'Take over: apply mine anyway' }).click();
  await expect(page.getByRole('heading', { name: /^Applied/ })).toBeVisible();
  expect((await liveSpec()).spec.tcpKeepalive).toEqual({ keepAliveProbes: 3, keepAliveTime: '1m30s', keepAliveInterval: '10s' });
});

test('the viewer sees the policy but every write is disabled, with the reason', async ({ page }) => {
  await page.goto(`${EDIT_URL}?context=kgateway-local-viewer`);
  await expect(page.getByTestId('permission-note')).toContainText(
    'missing permission patch backendconfigpolicies.gateway.kgateway.dev in namespace httpbin',
  );
  await expect(page.getByTestId('permission-note')).toContainText(
    'kubectl auth can-i patch backendconfigpolicies.gateway.kgateway.dev -n httpbin',
  );
  await expect(page.getByRole('button', { name: 'Review changes (dry run)' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Delete' })).toBeDisabled();
  await expect(page.getByLabel('keepAliveTime', { exact: true })).toHaveValue('1m30s');
});

test('no credential reaches the browser on any page', async ({ page }) => {
  const tokens = [...readFileSync(adminKubeconfig, 'utf8').matchAll(/token: (\S+)/g)].map((m) => m[1]!);
  expect(tokens).toHaveLength(2);
  const bodies: string[] = [];
  page.on('response', async (r) => {
    bodies.push(await r.text().catch(() => ''));
  });
  for (const url of ['/', '/services', '/policies', EDIT_URL, `${EDIT_URL}?context=kgateway-local-viewer`, '/policies/new']) {
    await page.goto(url);
    await page.waitForLoadState('networkidle');
  }
  expect(bodies.length).toBeGreaterThan(6);
  for (const t of tokens) expect(bodies.some((b) => b.includes(t))).toBe(false);
});

test("delete, with confirmation (the guide's cleanup)", async ({ page }) => {
  await page.goto(EDIT_URL);
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted.' })).toBeVisible();
  const r = await kubectl(['get', 'backendconfigpolicy', NAME, '-n', NS]);
  expect(r.stderr).toContain('NotFound');
});
