import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';

// A dump saved with the guide's curl command, opened without any cluster (the unreachable server).
const fixture = resolve(import.meta.dirname, '../../fixtures/envoy/config-dump-httpbin-keepalive.json');
const unreachable = `http://127.0.0.1:${Number(process.env.DASHBOARD_TEST_PORT ?? 3100) + 1}`;

test('open a saved dump offline and find the keepalive of kube_httpbin_httpbin_8000', async ({ page }) => {
  await page.goto(`${unreachable}/dumps`);
  await page.getByLabel('Config dump file (or drop it here)').setInputFiles(fixture);
  await expect(page.getByRole('status', { name: 'Loaded dump' })).toContainText('12 clusters');
  await page.getByRole('searchbox', { name: 'Find a cluster' }).fill('httpbin');
  await page.getByRole('row').filter({ hasText: 'kube_httpbin_httpbin_8000' }).click();
  await expect(page.getByTestId('offline-keepalive')).toHaveText(
    'tcp_keepalive: keepalive_probes 3, keepalive_time 30, keepalive_interval 5',
  );
  await expect(page.locator('.cluster-json .hl').filter({ hasText: '"keepalive_time": 30,' })).toHaveCount(1);
});

test("a saved dump's listeners, route configs and endpoints, one at a time", async ({ page }) => {
  await page.goto(`${unreachable}/dumps`);
  await page.getByLabel('Config dump file (or drop it here)').setInputFiles(fixture);
  const others = page.getByRole('region', { name: 'Listeners, routes and endpoints' });
  await expect(others).toContainText('3 of 3 listeners');
  await others.getByRole('row').filter({ hasText: 'listener~8080' }).click();
  await expect(page.getByTestId('offline-slice')).toContainText('"port_value": 8080');
  await others.getByRole('button', { name: 'endpoints' }).click();
  await others.getByRole('searchbox', { name: 'Find endpoints by name' }).fill('kube_httpbin');
  await others.getByRole('row').filter({ hasText: 'kube_httpbin_httpbin_8000' }).click();
  await expect(page.getByTestId('offline-slice')).toContainText('"cluster_name": "kube_httpbin_httpbin_8000"');
});

test('a file that is not a config dump gets a message, not a crash', async ({ page }) => {
  await page.goto(`${unreachable}/dumps`);
  await page
    .getByLabel('Config dump file (or drop it here)')
    .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"configs": [') });
  await expect(page.getByRole('alert').filter({ hasText: 'broken.json is not JSON' })).toBeVisible();
  await page
    .getByLabel('Config dump file (or drop it here)')
    .setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"kind":"Status"}') });
  await expect(page.getByRole('alert').filter({ hasText: 'Not an Envoy config dump' })).toBeVisible();
});

test("compare the dump before and after the guide's policy, cluster by cluster", async ({ page }) => {
  await page.goto(`${unreachable}/dumps`);
  await page.getByLabel('Before').setInputFiles(resolve(import.meta.dirname, '../../fixtures/envoy/config-dump-no-policy.json'));
  await page.getByLabel('After').setInputFiles(fixture);
  const result = page.getByTestId('dump-comparison');
  await expect(result).toContainText('1 changed, 0 added, 0 removed, 11 unchanged clusters.');
  await expect(result).toContainText('kube_httpbin_httpbin_8000');
  await expect(result).toContainText(
    '.upstream_connection_options: unset → {"tcp_keepalive":{"keepalive_probes":3,"keepalive_time":30,"keepalive_interval":5}}',
  );
});

test('the whole dump: line numbers, regex search, jump to a cluster', async ({ page }) => {
  await page.goto(`${unreachable}/dumps`);
  await page.getByLabel('Config dump file (or drop it here)').setInputFiles(fixture);
  const viewer = page.getByTestId('dump-viewer');
  await expect(viewer.locator('.cm-lineNumbers')).toContainText('1');
  await page.getByRole('searchbox', { name: 'Search the dump' }).fill('"keepalive_time": \\d{2},');
  await page.getByLabel('regex').check();
  await page.getByRole('button', { name: 'Find next' }).click();
  await expect(page.getByRole('status', { name: 'Search result' })).toHaveText(/^match on line \d+$/);
  await expect(viewer.locator('.cm-content')).toContainText('"keepalive_time": 30');
  await page.getByRole('searchbox', { name: 'Find a cluster' }).fill('kube_shop_cart');
  await page.getByRole('row').filter({ hasText: 'kube_shop_cart_8080' }).click();
  await expect(viewer.locator('.cm-content')).toContainText('"name": "kube_shop_cart_8080"');
});

test("another control plane's dump from an older Envoy: every cluster and listener listed, and the sections not listed named with the reason", async ({
  page,
}) => {
  // Kuma's kuma-dp on Envoy 1.19 (fixtures/envoy/foreign/README.md).
  await page.goto(`${unreachable}/dumps`);
  await page
    .getByLabel('Config dump file (or drop it here)')
    .setInputFiles(resolve(import.meta.dirname, '../../fixtures/envoy/foreign/kuma-full-config.json'));
  await expect(page.getByRole('status', { name: 'Loaded dump' })).toContainText(
    '5 clusters, 2 listeners, 0 route configs, 0 endpoint configs, from Envoy 1.19.0',
  );
  await expect(page.getByRole('table', { name: 'Clusters' }).getByRole('row')).toHaveCount(5);
  const sections = page.getByRole('list', { name: 'Sections of the dump' });
  await expect(sections).toContainText('envoy.admin.v3.SecretsConfigDump: not listed: secrets are not listed on purpose');
  await expect(sections).toContainText('envoy.admin.v3.ClustersConfigDump: listed: clusters');
  const others = page.getByRole('region', { name: 'Listeners, routes and endpoints' });
  await expect(others).toContainText('2 of 2 listeners');
  await others.getByRole('row').filter({ hasText: 'outbound:127.0.0.1:10006' }).click();
  await expect(page.getByTestId('offline-slice')).toContainText('"port_value": 10006');

  // Istio's of 2018 (Envoy 1.7): its configs are an object of camelCase sections.
  await page
    .getByLabel('Config dump file (or drop it here)')
    .setInputFiles(resolve(import.meta.dirname, '../../fixtures/envoy/foreign/istio-v2alpha-configdump.json'));
  await expect(page.getByRole('status', { name: 'Loaded dump' })).toContainText('2 clusters, 2 listeners, 2 route configs');
  await others.getByRole('button', { name: 'routes' }).click();
  await expect(others).toContainText('2 of 2 routes');

  // Istio's ECDS dump: nothing this page lists, each section named, and its long lines stay inside the page.
  await page
    .getByLabel('Config dump file (or drop it here)')
    .setInputFiles(resolve(import.meta.dirname, '../../fixtures/envoy/foreign/istio-ecds.json'));
  await expect(page.getByText('No clusters in this file.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Sections of the dump' }).getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('list', { name: 'Sections of the dump' })).toContainText('not listed: extension configs (ECDS filters)');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
});
