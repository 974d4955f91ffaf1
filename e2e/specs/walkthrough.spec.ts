import { chromium, expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { kubectl } from '../support/stack';
import { raw } from '../support/raw-http';
import { hydrated } from '../support/hydrated';

// Issue 5's "done when": one browser presents the guided walkthrough of httpbin, a second one
// follows through the shared link and sees the apply, the status change and the new dump
// verdict without reloading; a snapshot is saved and reopened offline with the same lit lines;
// a link to a policy deleted since says so.

const NS = 'httpbin';
const NAME = 'httpbin-keepalive';
const START = '/guide?service=httpbin/httpbin&port=8000&step=1';

const stepHeading = (page: Page, n: number) => page.getByRole('heading', { name: new RegExp(`^Step ${n} of 6:`) });
/** A lit line's text without its line number and line break, however it is rendered. */
const lineText = (t: string) => t.replace(/^\d+/, '').trimEnd();
const litLines = async (page: Page) => (await page.locator('[data-testid^="cluster-json-"] .hl').allTextContents()).map(lineText);

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
});
test.afterAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
});

test('a presenter walks httpbin through the guide; a follower in another browser sees apply, status and verdict live', async ({
  page,
  baseURL,
}, info) => {
  info.setTimeout(240_000);
  const followerBrowser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const follower = await (await followerBrowser.newContext({ baseURL })).newPage();
    await page.goto(START);
    await expect(page.getByRole('status', { name: 'Live updates' })).toHaveText(/Live/);
    await page.getByRole('button', { name: 'Present live' }).click();
    const link = await page.getByTestId('follower-link').getAttribute('href');
    expect(link).toMatch(/\/guide\?follow=[0-9a-f-]{36}$/);

    await follower.goto(link!);
    await expect(follower.getByTestId('following')).toBeVisible();
    await expect(stepHeading(follower, 1)).toBeVisible();
    await expect(follower.getByRole('status', { name: 'Live updates' })).toHaveText(/Live/);
    // One watch per kind for both browsers, not one per tab.
    const stats = (await (await page.request.get('/api/stats')).json()) as {
      watches: { kind: string; context: string; subscribers: number }[];
    };
    // (The pages' own informers, of Gateways and HTTPRoutes, have no subscribers.)
    const mine = stats.watches.filter((w) => w.context === 'kgateway-local-admin' && w.subscribers > 0);
    expect(mine.map((w) => w.kind).sort()).toEqual(['backendconfigpolicies', 'pods', 'services']);
    expect(mine.every((w) => w.subscribers >= 2)).toBe(true);

    // Keyboard: → moves the presenter, and the follower with it.
    await page.keyboard.press('ArrowRight');
    await expect(stepHeading(page, 2)).toBeVisible();
    await expect(stepHeading(follower, 2)).toBeVisible();
    await expect(page.getByText('kubectl get backendconfigpolicies -n httpbin')).toBeVisible();

    await page.getByRole('button', { name: 'Write a new policy' }).click();
    await expect(stepHeading(page, 3)).toBeVisible();
    await expect(page.getByLabel('keepAliveTime')).toHaveValue('30s');
    await page.getByRole('button', { name: 'Review changes (dry run)' }).click();
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    // The follower, without reloading, sees the policy appear and kgateway accept it.
    await expect(stepHeading(follower, 3)).toBeVisible();
    await expect(follower.getByTestId('guide-policy-yaml')).toContainText('keepAliveTime: 30s', { timeout: 30_000 });
    await expect(follower.getByTestId('policy-status').first()).toContainText('Accepted', { timeout: 30_000 });

    await page.keyboard.press('ArrowRight');
    await expect(stepHeading(page, 4)).toBeVisible();
    await expect(page.getByText('kubectl port-forward deployment/http -n kgateway-system 19000')).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(stepHeading(page, 5)).toBeVisible();
    await expect(stepHeading(follower, 5)).toBeVisible();
    // Envoy gets the change within about 15 s; both pages fetch again until every replica agrees.
    for (const p of [page, follower]) {
      await expect(p.getByTestId('guide-verdict')).toHaveText(/^In effect on every replica \(2\)\./, { timeout: 60_000 });
      await expect(p.locator('[data-testid^="cluster-json-"] .hl').filter({ hasText: '"keepalive_time": 30,' })).toHaveCount(2);
    }
    const live = await litLines(page);

    // Snapshot: HTML that opens alone, and JSON the dashboard reopens; same lit lines as live.
    const htmlDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save as HTML' }).click();
    const htmlPath = info.outputPath((await htmlDownload).suggestedFilename());
    expect(htmlPath).toMatch(/snapshot-httpbin-httpbin-8000-.+\.html$/);
    await (await htmlDownload).saveAs(htmlPath);
    const html = readFileSync(htmlPath, 'utf8');
    expect(html).not.toMatch(/eyJ[\w-]+\.[\w-]+\.|BEGIN (RSA )?PRIVATE KEY/);
    const jsonDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save as JSON' }).click();
    const jsonPath = (await (await jsonDownload).path())!;

    const offline = await (await followerBrowser.newContext({ offline: true })).newPage();
    await offline.goto(pathToFileURL(htmlPath).href);
    await expect(offline.getByRole('heading', { level: 1 })).toContainText('httpbin');
    expect((await offline.locator('.line.hl').allTextContents()).map(lineText)).toEqual(live);

    await follower.goto('/snapshots');
    await follower.locator('input[type=file]').setInputFiles(jsonPath);
    await expect(follower.getByTestId('snapshot-meta')).toContainText('context kgateway-local-admin');
    expect(await litLines(follower)).toEqual(live);

    // Clean up through the guide; the link made before says the policy is gone.
    const before = `/guide?service=httpbin/httpbin&port=8000&policy=${NAME}&generation=1&step=2`;
    await page.keyboard.press('ArrowRight');
    await expect(stepHeading(page, 6)).toBeVisible();
    await expect(page.getByText(`kubectl delete backendconfigpolicy ${NAME} -n ${NS}`)).toBeVisible();
    await page.getByRole('button', { name: `Delete ${NAME}…` }).click();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await expect(page.getByTestId('cleanup-done')).toBeVisible();
    await follower.goto(before);
    await expect(follower.getByTestId('policy-gone')).toHaveText(
      `Policy ${NAME} was deleted since this link was made (the link saw generation 1).`,
    );
  } finally {
    await followerBrowser.close();
  }
});

test('lines marked on a cluster travel in a link; a link to a replica that is gone says so', async ({ page }) => {
  await page.goto('/gateways/kgateway-system/http?service=httpbin/httpbin&port=8000');
  await hydrated(page); // the first view is in the server's HTML: its buttons answer once the script runs
  const first = page.locator('[data-testid^="cluster-json-"]').first();
  await first.getByRole('button', { name: 'Mark line 3', exact: true }).click();
  await first.getByRole('button', { name: 'Mark line 6', exact: true }).click({ modifiers: ['Shift'] });
  const href = await page.getByTestId('lines-link').getAttribute('href');
  expect(href).toMatch(/lines=http-[a-z0-9-]+%3A3-6/);
  // The server renders the marked lines too (the page's first view is in its HTML).
  const html = await raw(href!);
  expect(html.body).toContain('data-testid="lines-link"');
  expect(html.body).toContain('class="marked"');
  await page.goto(href!);
  await expect(page.locator('[data-testid^="cluster-json-"] .marked')).toHaveCount(4);
  await page.goto('/gateways/kgateway-system/http?service=httpbin/httpbin&port=8000&lines=http-gone-00000:3-6');
  await expect(page.getByRole('alert', { name: 'Changed since the link' })).toContainText(
    'replica http-gone-00000, which is gone since it was made',
  );
});

test('the viewer can follow the guide read-only, told which permissions are missing', async ({ page }) => {
  await page.goto(`${START.replace('step=1', 'step=3')}&context=kgateway-local-viewer`);
  await expect(page.getByTestId('permission-note')).toContainText('Read-only: missing permission');
  await expect(page.getByRole('status', { name: 'Live updates' })).toHaveText(/Live/); // hydrated: keys work
  // The header and the guide hydrate separately: press again until the guide has its keys.
  await expect(async () => {
    if (!(await stepHeading(page, 4).isVisible())) await page.keyboard.press('ArrowRight');
    await expect(stepHeading(page, 4)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId('error-banner').first()).toContainText('Missing permission: create pods/portforward');
});

test('the dump viewer links to lines; an old link to a dump the server dropped fetches the pod again and says so', async ({ page }) => {
  await page.goto('/gateways/kgateway-system/http?service=httpbin/httpbin&port=8000');
  await hydrated(page);
  await page.getByRole('link', { name: 'Browse the whole dump' }).first().click();
  await expect(page).toHaveURL(/gateway=kgateway-system%2Fhttp&pod=http-/);
  const pod = new URL(page.url()).searchParams.get('pod')!;
  await page.getByRole('button', { name: /Open the whole dump/ }).click();
  await page.getByRole('searchbox', { name: 'Search the dump' }).fill('"keepalive_time"');
  await page.getByRole('button', { name: 'Find next' }).click();
  const line = Number(/line (\d+)/.exec((await page.getByRole('status', { name: 'Search result' }).textContent())!)![1]);
  const href = await page.getByTestId('viewer-lines-link').getAttribute('href');
  expect(href).toContain(`vl=${line}-${line}`);
  await page.goto(href!);
  await page.getByRole('button', { name: /Open the whole dump/ }).click();
  await expect(page.getByRole('button', { name: `Copy link to lines ${line}–${line}` })).toBeVisible();

  const gone = `/dumps/00000000-0000-0000-0000-000000000000?kind=clusters&name=kube_httpbin_httpbin_8000&gateway=kgateway-system/http`;
  await page.goto(`${gone}&pod=${pod}`);
  await expect(page.getByRole('status', { name: 'Changed since the link' })).toContainText(`this is ${pod}'s dump as of`);
  await expect(page.getByTestId('slice-json')).toContainText('"name": "kube_httpbin_httpbin_8000"');
  await page.goto(`${gone}&pod=http-gone-00000`);
  await expect(page.getByRole('alert', { name: 'Dump not available' })).toContainText(
    'its replica cannot be read again: http-gone-00000 is not a proxy pod',
  );
});

test('a Service created with kubectl appears in an open Services page, its row alone, with no request; the indicator shows a dropped stream and its resume', async ({
  page,
  context,
  request,
}) => {
  await kubectl(['delete', 'service', 'live-probe', '-n', 'shop', '--ignore-not-found']);
  // A page that just loaded has lost no stream: it is connecting, not reconnecting.
  const html = await (await request.get('/services?ns=shop')).text();
  expect(html).toContain('Connecting…');
  expect(html).not.toContain('Reconnecting');
  await page.goto('/services?ns=shop');
  const live = page.getByRole('status', { name: 'Live updates' });
  await expect(live).toHaveText(/Live/);
  await expect(page.getByRole('row').filter({ hasText: 'live-probe' })).toHaveCount(0);
  // The event carries the Service: the page patches one row and does not ask the server for
  // itself again (a re-render is a request for this page with the RSC header; prefetches of the
  // links on it are not).
  const asked: string[] = [];
  const onRequest = (r: import('@playwright/test').Request) => {
    const h = r.headers();
    const rsc = h['rsc'] === '1' || r.url().includes('_rsc=');
    if (rsc && !h['next-router-prefetch'] && new URL(r.url()).pathname.endsWith('/services')) asked.push(r.url());
  };
  page.on('request', onRequest);
  try {
    await kubectl(['create', 'service', 'clusterip', 'live-probe', '-n', 'shop', '--tcp=8080:8080']);
    await expect(page.getByRole('row').filter({ hasText: 'live-probe' })).toHaveCount(1, { timeout: 15_000 });
    await expect(page.getByRole('row').filter({ hasText: 'live-probe' })).toContainText('8080');
  } finally {
    await kubectl(['delete', 'service', 'live-probe', '-n', 'shop', '--ignore-not-found']);
  }
  await expect(page.getByRole('row').filter({ hasText: 'live-probe' })).toHaveCount(0, { timeout: 15_000 });
  page.off('request', onRequest);
  expect(asked).toEqual([]);
  await context.setOffline(true);
  await expect(live).toHaveText(/Reconnecting/, { timeout: 15_000 });
  await context.setOffline(false);
  await expect(live).toHaveText(/Live/, { timeout: 20_000 });
});

test('a link to a policy says when it was edited or deleted since', async ({ page }) => {
  const probe = (timeout: string) => `apiVersion: gateway.kgateway.dev/v1alpha1
kind: BackendConfigPolicy
metadata: { name: link-probe, namespace: shop }
spec:
  targetRefs: [ { group: "", kind: Service, name: cart } ]
  connectTimeout: ${timeout}
`;
  await kubectl(['delete', 'backendconfigpolicy', 'link-probe', '-n', 'shop', '--ignore-not-found']);
  await kubectl(['apply', '-f', '-'], { input: probe('5s') });
  try {
    const link = '/policies/shop/link-probe?generation=1';
    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'shop/link-probe' })).toBeVisible();
    await expect(page.getByTestId('policy-edited')).toHaveCount(0);
    await kubectl(['apply', '-f', '-'], { input: probe('6s') });
    await page.goto(link);
    await expect(page.getByTestId('policy-edited')).toHaveText(
      'Edited since this link was made: it showed generation 1, this is generation 2.',
    );
  } finally {
    await kubectl(['delete', 'backendconfigpolicy', 'link-probe', '-n', 'shop', '--ignore-not-found']);
  }
  await page.goto('/policies/shop/link-probe?generation=2');
  await expect(page.getByTestId('policy-gone')).toHaveText(
    'BackendConfigPolicy shop/link-probe was deleted since this link was made (the link showed generation 2).',
  );
});
