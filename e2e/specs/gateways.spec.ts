import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { kubectl, kubectlOk, stackDir } from '../support/stack';

// The rest of kgateway's keepalive guide (steps 2–4) in the dashboard: the config dump of every
// replica of Gateway http, fetched through the API server, cluster kube_httpbin_httpbin_8000
// found from Service httpbin port 8000, its keepalive lines highlighted and checked.

const NS = 'httpbin';
const NAME = 'httpbin-keepalive';
const VIEW = '/gateways/kgateway-system/http?service=httpbin/httpbin&port=8000';
const policy = (time: string) => `apiVersion: gateway.kgateway.dev/v1alpha1
kind: BackendConfigPolicy
metadata: { name: ${NAME}, namespace: ${NS} }
spec:
  targetRefs: [ { group: "", kind: Service, name: httpbin } ]
  tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: ${time}, keepAliveInterval: 5s }
`;

/** Reloads until the summary says `text` (a policy change reaches Envoy in about 15 s). */
async function waitForSummary(page: Page, text: string) {
  await expect.poll(async () => {
    await page.goto(VIEW);
    return page.getByTestId('replica-summary').textContent();
  }, { timeout: 60_000, intervals: [2000] }).toBe(text);
}

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => { await kubectlOk(['apply', '-f', '-'], { input: policy('30s') }); });
test.afterAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
  execFileSync('bash', [resolve(stackDir, '../e2e/stack/envoys.sh')], { stdio: 'ignore' }); // restart a stopped replica
});

test('from Gateway http to kube_httpbin_httpbin_8000: keepalive highlighted and in effect on both replicas', async ({ page }) => {
  await page.goto('/gateways');
  const gw = page.getByRole('listitem', { name: 'kgateway-system/http' });
  await expect(gw).toContainText('Proxy pods: 2/2 ready');
  await gw.getByRole('link', { name: 'httpbin/httpbin:8000' }).click();
  await expect(page.getByRole('heading', { name: 'Gateway kgateway-system/http' })).toBeVisible();
  await waitForSummary(page, 'In effect on 2 of 2 replicas.');
  await expect(page.getByTestId('policy-summary')).toContainText(`tcpKeepalive from policy ${NAME}`);
  await expect(page.getByTestId('replica-comparison')).toHaveText(/^http-\S+ and http-\S+ hold the same cluster\.$/);
  const replicas = page.getByRole('region', { name: /^Replica / });
  await expect(replicas).toHaveCount(2);
  for (const r of await replicas.all()) {
    await expect(r).toContainText('kube_httpbin_httpbin_8000');
    await expect(r).toContainText(/Envoy 1\.40\.0 · node http-[a-z0-9]+-[a-z0-9]+\.kgateway-system/);
    const lit = r.locator('.cluster-json .hl');
    await expect(lit.filter({ hasText: '"keepalive_probes": 3,' })).toHaveCount(1);
    await expect(lit.filter({ hasText: '"keepalive_time": 30,' })).toHaveCount(1);
    await expect(lit.filter({ hasText: '"keepalive_interval": 5' })).toHaveCount(1);
    await expect(r.getByRole('row', { name: /keepAliveTime/ })).toContainText('30s3030in effect');
  }
});

test('after an edit to 1m30s both replicas show 90', async ({ page }) => {
  await kubectlOk(['apply', '-f', '-'], { input: policy('1m30s') });
  await expect.poll(async () => {
    await page.goto(VIEW);
    return page.locator('.cluster-json .hl').filter({ hasText: '"keepalive_time": 90,' }).count();
  }, { timeout: 60_000, intervals: [2000] }).toBe(2);
  await expect(page.getByTestId('replica-summary')).toHaveText('In effect on 2 of 2 replicas.');
});

test('after delete the keepalive block is gone from both replicas', async ({ page }) => {
  await kubectlOk(['delete', 'backendconfigpolicy', NAME, '-n', NS]);
  await expect.poll(async () => {
    await page.goto(VIEW);
    return page.locator('.cluster-json').filter({ hasText: 'tcp_keepalive' }).count();
  }, { timeout: 60_000, intervals: [2000] }).toBe(0);
  await expect(page.getByTestId('policy-summary')).toHaveText('No BackendConfigPolicy sets tcpKeepalive for this Service.');
});

test('download a replica\'s whole dump; the server dials only pods of the Gateway', async ({ page, request }) => {
  await page.goto(VIEW);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the whole dump' }).first().click();
  const file = await (await download).path();
  const dump = JSON.parse(readFileSync(file, 'utf8')) as { configs: { '@type': string }[] };
  expect(dump.configs.map((c) => c['@type'].split('.').pop())).toContain('EndpointsConfigDump'); // include_eds, like the guide
  const other = await request.get('/api/gateways/kgateway-system/http/dump?pod=httpbin-anything');
  expect(other.status()).toBe(404);
  expect(await other.text()).toContain('is not a proxy pod of Gateway kgateway-system/http');
});

test('a stopped Envoy is reported unreachable for its replica, not a crash', async ({ page }) => {
  await waitForSummary(page, 'In effect on 2 of 2 replicas.');
  const pid = Number(readFileSync(resolve(stackDir, 'pids/envoy-1.pid'), 'utf8'));
  process.kill(-pid, 'SIGTERM');
  await expect.poll(() => { try { process.kill(pid, 0); return true; } catch { return false; } }, { timeout: 15_000 }).toBe(false);
  await page.goto(VIEW);
  await expect(page.getByTestId('replica-summary')).toHaveText('In effect on 1 of 2 replicas; 1 unreachable.');
  const down = page.getByRole('alert', { name: 'Replica unreachable' });
  await expect(down).toContainText('Nothing answered on port 19000 of kgateway-system/http-');
  await expect(down).toContainText('is its Envoy running?');
});

test('the viewer may not port-forward and is told which permission is missing', async ({ page }) => {
  await page.goto(`${VIEW}&context=kgateway-local-viewer`);
  await expect(page.getByTestId('error-banner').first()).toContainText('Missing permission: create pods/portforward in namespace kgateway-system');
});
