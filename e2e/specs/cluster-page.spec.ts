import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { urls } from '../support/urls';
import { adminKubeconfig, stackKgatewayVersion, stackKubernetesVersion } from '../support/stack';

test('the overview names the cluster, its Kubernetes and its kgateway', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Connected cluster' })).toBeVisible();
  await expect(page.getByTestId('context')).toHaveText('kgateway-local-admin');
  await expect(page.getByTestId('server')).toHaveText(/^https:\/\/127\.0\.0\.1:\d+$/);
  await expect(page.getByTestId('kubernetes-version')).toHaveText(stackKubernetesVersion());
  await expect(page.getByTestId('kgateway-version')).toContainText(stackKgatewayVersion());
  await expect(page.getByTestId('kgateway-version')).toContainText('controller Deployment kgateway-system/kgateway');
});

test('the overview checks the cluster again by itself, every 15 s, with no reload', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/');
  const checked = page.getByText(/Checked .* refreshes every 15 s/).locator('time');
  const first = await checked.getAttribute('datetime');
  let loads = 0;
  page.on('load', () => loads++);
  // The server answers again (a new "Checked" time from the API server's answer) within the period.
  await expect.poll(() => checked.getAttribute('datetime'), { timeout: 25_000, intervals: [500] }).not.toBe(first);
  expect(Date.parse((await checked.getAttribute('datetime'))!) - Date.parse(first!)).toBeGreaterThanOrEqual(10_000);
  expect(loads).toBe(0); // the page was not reloaded: only its data
  await expect(page.getByTestId('kubernetes-version')).toHaveText(stackKubernetesVersion());
});

test('no credential of the kubeconfig reaches the browser', async ({ page, request }) => {
  const token = /token: (\S+)/.exec(readFileSync(adminKubeconfig, 'utf8'))![1]!;
  const api = await request.get('/api/cluster');
  expect(api.ok()).toBe(true);
  expect(await api.text()).not.toContain(token);
  await page.goto('/');
  expect(await page.content()).not.toContain(token);
});

test('an unreachable API server gets a clear page, not a crash', async ({ page }) => {
  await page.goto(urls.unreachable);
  const alert = page.getByRole('alert', { name: 'Cannot reach the API server' });
  await expect(alert).toBeVisible();
  await expect(page.getByTestId('unreachable-message')).toContainText('https://127.0.0.1:2');
  await expect(alert).toContainText('kubectl cluster-info');
});

test('credentials the API server rejects (401) get "not authenticated", on every page', async ({ page }) => {
  await page.goto(urls.badToken);
  await expect(page.getByRole('alert', { name: 'Not authenticated' })).toContainText('did not accept the credentials of this context');
  await page.goto(`${urls.badToken}/policies/new?namespace=httpbin`);
  await expect(page.getByTestId('error-banner')).toContainText('Not authenticated');
});
