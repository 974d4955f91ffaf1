import { expect, test } from '@playwright/test';
import { kubectl, kubectlOk } from '../support/stack';
import { hydrated } from '../support/hydrated';
import { raw } from '../support/raw-http';
import { urls } from '../support/urls';

test('Services: namespace, search and selection live in the URL, and filtering asks the server nothing', async ({ page }) => {
  await page.goto('/services?ns=shop&q=cart');
  await expect(page.getByRole('status').filter({ hasText: 'Services' })).toHaveText(/^1 of \d+ Services$/);
  const row = page.getByRole('row').filter({ hasText: 'cart' });
  await expect(row).toContainText('8080→8080 (kubernetes.io/h2c)');

  const requests: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/services') requests.push(r.url());
  });
  await page.getByRole('searchbox', { name: 'Search by name or label' }).fill('');
  await expect(page.getByRole('status').filter({ hasText: 'Services' })).toHaveText(/^4 of \d+ Services$/); // all of shop
  await page.getByText('Namespaces: shop').click();
  await page.getByRole('group', { name: 'Namespaces' }).getByLabel('observability').check();
  await expect(page.getByRole('status').filter({ hasText: 'Services' })).toHaveText(/^6 of \d+ Services$/);
  // On its name: the middle of a row can be the "add keepalive" link, which navigates.
  await page.getByRole('row').filter({ hasText: 'grafana' }).getByText('grafana', { exact: true }).click();
  await expect(page).toHaveURL(/ns=observability%2Cshop/);
  await expect(page).toHaveURL(/selected=observability%2Fgrafana/);
  expect(requests).toEqual([]);

  // The same link shows a colleague the same view.
  await page.goto(page.url());
  await expect(page.getByRole('status').filter({ hasText: 'Services' })).toHaveText(/^6 of \d+ Services$/);
  await expect(page.getByRole('row', { selected: true })).toContainText('grafana');
});

test('Policies: a policy whose target does not exist says so instead of looking fine', async ({ page }) => {
  await kubectlOk(['apply', '-f', '-'], {
    input: `apiVersion: gateway.kgateway.dev/v1alpha1
kind: BackendConfigPolicy
metadata: { name: orphan-keepalive, namespace: shop }
spec:
  targetRefs: [ { group: "", kind: Service, name: no-such-service } ]
  tcpKeepalive: { keepAliveTime: 1500ms }
`,
  });
  try {
    await page.goto('/policies');
    const item = page.getByRole('listitem', { name: 'shop/orphan-keepalive' });
    await expect(item).toContainText('Service no-such-service (missing)');
    await expect(item).toContainText('keepAliveTime 1500ms (Envoy 1 s)');
    await expect(item.getByTestId('policy-status')).toHaveText(
      'No status: the target does not exist, and kgateway writes nothing in that case.',
    );
  } finally {
    await kubectl(['delete', 'backendconfigpolicy', 'orphan-keepalive', '-n', 'shop', '--ignore-not-found']);
  }
});

test('a policy that does not exist gets a clear message', async ({ page }) => {
  await page.goto('/policies/httpbin/does-not-exist');
  await expect(page.getByTestId('error-banner')).toContainText('Not found');
  await expect(page.getByTestId('error-banner')).toContainText('"does-not-exist" not found');
});

test('an unknown context in a link is refused, not dialled', async ({ page }) => {
  await page.goto('/services?context=https%3A%2F%2Fevil.example');
  await expect(page.getByTestId('error-banner')).toContainText('There is no context "https://evil.example" in the dashboard\'s kubeconfig');
});

test('a Services page carries its first rows; the rest follow in one request, with the changes heard meanwhile', async ({ page }) => {
  // The replica's pages carry 3 rows (DASHBOARD_FIRST_ROWS in playwright.config.ts).
  const SHOP = `${urls.replica}/c/kgateway-local-admin/services?ns=shop`;
  const html = await raw('/c/kgateway-local-admin/services?ns=shop', { base: urls.replica });
  expect(html.status).toBe(200);
  expect(html.body).toContain('<strong>frontend</strong>'); // shop's third Service, in its row
  expect(html.body).not.toContain('payments'); // its fourth: not in the page

  // The rest are held on their way while a Service is created; the page hears of it first.
  await page.addInitScript(() => {
    const heard: string[] = [];
    (window as unknown as { __heard: string[] }).__heard = heard;
    window.addEventListener('kgw:change', (e) => void heard.push((e as CustomEvent<{ name: string }>).detail.name));
  });
  let release = () => {};
  const held = new Promise<void>((done) => (release = done));
  const fetches: string[] = [];
  await page.route('**/api/services/rows', async (route) => {
    fetches.push(route.request().url());
    const response = await route.fetch(); // as the server answered before the Service existed
    await held;
    await route.fulfill({ response });
  });
  const probe = `rows-probe-${Date.now()}`;
  try {
    await page.goto(SHOP);
    const status = page.getByRole('status').filter({ hasText: 'Services' });
    await expect(status).toHaveText(/^The first 3 of 4 matching Services \(of \d+\); loading the rest…$/);
    await hydrated(page);
    await kubectlOk(['create', 'service', 'clusterip', probe, '-n', 'shop', '--tcp=80:80']);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __heard: string[] }).__heard)).toContain(probe);
    release();
    await expect(status).toHaveText(/^5 of \d+ Services$/);
    await expect(page.getByRole('row').filter({ hasText: 'payments' })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: probe })).toBeVisible(); // heard before the rows came, kept
    expect(fetches).toHaveLength(1);
  } finally {
    release();
    await kubectl(['delete', 'service', probe, '-n', 'shop', '--ignore-not-found']);
  }
});

test('when the rest of the rows cannot be loaded, the page says so and keeps its first rows', async ({ page }) => {
  await page.route('**/api/services/rows', (route) => route.abort('connectionreset'));
  await page.goto(`${urls.replica}/c/kgateway-local-admin/services?ns=shop`);
  await expect(page.getByRole('status').filter({ hasText: 'Services' })).toHaveText(
    /^The first 3 of 4 matching Services \(of \d+\): the rest could not be loaded, the server did not answer \(.+\)\. Reload to try again\.$/,
  );
  await expect(page.getByRole('row').filter({ hasText: 'frontend' })).toBeVisible();
});
