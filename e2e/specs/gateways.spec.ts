import { expect, test, type Page } from '@playwright/test';
import { hydrated } from '../support/hydrated';
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
  connectTimeout: 7s
`;

/** Reloads until the summary says `text` (a policy change reaches Envoy in about 15 s). */
async function waitForSummary(page: Page, text: string) {
  await expect
    .poll(
      async () => {
        await page.goto(VIEW);
        return page.getByTestId('replica-summary').textContent();
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .toBe(text);
}

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  await kubectlOk(['apply', '-f', '-'], { input: policy('30s') });
});
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
    await expect(r.getByRole('row', { name: /connectTimeout/ })).toContainText('7s"7s""7s"in effect');
    await expect(lit.filter({ hasText: '"connect_timeout": "7s",' })).toHaveCount(1);
  }
});

test('a page that opens on a cluster view reads no sync state of its own: the view brings it', async ({ page }) => {
  // Envoy's admin answers one request at a time; a second sync read beside the view's held the
  // next "Fetch again" back on a 50,000-cluster Envoy (bench/cluster-view-50k.ts).
  const syncReads: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/gateways\/[^/]+\/[^/]+\/sync/.test(r.url())) syncReads.push(r.url());
  });
  await page.goto(VIEW);
  await waitForSummary(page, 'In effect on 2 of 2 replicas.');
  await expect(page.getByTestId('sync-summary')).toBeVisible();
  expect(syncReads).toEqual([]);
});

test("the page streams each replica's read progress, then the verdicts; it reads the cluster, not the whole dump", async ({ request }) => {
  const res = await request.get('/api/gateways/kgateway-system/http/inspect?service=httpbin/httpbin&port=8000');
  expect(res.headers()['content-type']).toBe('application/x-ndjson');
  const events = (await res.text())
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          type: string;
          pod?: string;
          bytes?: number;
          result?: { ok: boolean; value: { replicas: { pod: string; readBytes: number; dumpId: string }[] } };
        },
    );
  const result = events.at(-1)!;
  expect(result.type).toBe('result');
  expect(result.result!.ok).toBe(true);
  // Every replica reports bytes while its answers arrive, never more than it read in all.
  for (const r of result.result!.value.replicas) {
    const progress = events.filter((e) => e.type === 'progress' && e.pod === r.pod);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.bytes! > 0 && e.bytes! <= r.readBytes)).toBe(true);
    // Only the cluster, its endpoints, the node and three counts: a small part of the whole dump,
    // which the same replica streams whole on request.
    const whole = await request.get(`/api/gateways/kgateway-system/http/dump?pod=${r.pod}&download=1`);
    expect(whole.status()).toBe(200);
    const wholeBytes = (await whole.body()).length;
    expect(r.readBytes).toBeLessThan(wholeBytes / 20);
    // What was read is kept in a dump's shape, holding just that cluster.
    const kept = (await (await request.get(`/api/dumps/${r.dumpId}?part=index&kind=clusters`)).json()) as { entries: { name: string }[] };
    expect(kept.entries.map((e) => e.name)).toEqual(['kube_httpbin_httpbin_8000']);
  }
  const bad = await request.get('/api/gateways/kgateway-system/http/inspect?service=httpbin&port=8000');
  expect(bad.status()).toBe(400);
});

test('the sync state read again, with nothing changed, asks each Envoy for versions only, not for its stats', async ({ request }) => {
  // Each replica's own admin (e2e/stack/envoys.sh: replica i on 19000 + i) counts the requests it served.
  const pods = readFileSync(resolve(stackDir, 'run/envoy-pods'), 'utf8').trim().split(/\s+/);
  const served = () =>
    Promise.all(
      pods.map(async (_, i) => {
        const text = await (
          await fetch(`http://127.0.0.1:${19000 + i}/stats?filter=%5Ehttp%5C.admin%5C.downstream_rq_completed%24`)
        ).text();
        return Number(/: (\d+)/.exec(text)?.[1]);
      }),
    );
  const sync = async () => {
    const res = await request.get('/api/gateways/kgateway-system/http/sync');
    expect(res.ok()).toBe(true);
    return ((await res.json()) as { value: { state: string; replicas: { pod: string }[] } }).value;
  };
  await expect.poll(async () => (await sync()).state, { timeout: 60_000, intervals: [2500] }).toBe('SYNCED');
  // Per replica, requests beyond `before`'s own: the versions and the route configurations (2), and
  // the stats (3) only when the last stats read is 30 s old. The first read may fall on that
  // moment; the one after it then may not.
  const asked: number[][] = [];
  for (let i = 0; i < 2 && !asked.at(-1)?.every((n) => n === 2); i++) {
    await new Promise((r) => setTimeout(r, 2100)); // past the 2 s within which the same answer is given again
    const before = await served();
    expect((await sync()).replicas.map((r) => r.pod).sort()).toEqual([...pods].sort());
    const after = await served();
    asked.push(after.map((n, j) => n - before[j]! - 1));
  }
  expect(asked.flat().every((n) => n === 2 || n === 3)).toBe(true);
  expect(asked.at(-1)).toEqual(pods.map(() => 2));
});

test("one person's earlier stats read is never given to another: the viewer, who may not port-forward, gets none", async ({ request }) => {
  const path = '/api/gateways/kgateway-system/http/sync';
  // The admin's read just now holds every replica's counters on the server.
  const admin = (await (await request.get(`/c/kgateway-local-admin${path}`)).json()) as {
    value: { replicas: { error?: unknown; types: unknown[] }[] };
  };
  expect(admin.value.replicas.every((r) => !r.error && r.types.length > 0)).toBe(true);
  const res = await request.get(`/c/kgateway-local-viewer${path}`);
  expect(res.ok()).toBe(true);
  const viewer = (await res.json()) as {
    value: { replicas: { state: string; types: unknown[]; rejectedUpdates: number; error?: { message: string } }[] };
  };
  expect(viewer.value.replicas).toHaveLength(2);
  for (const r of viewer.value.replicas) {
    expect(r).toMatchObject({ state: 'UNKNOWN', types: [], rejectedUpdates: 0 });
    expect(r.error?.message).toContain('Missing permission: create pods/portforward in namespace kgateway-system');
  }
});

test("browse a replica's dump by slices, then open it whole; the link reopens the same slice", async ({ page }) => {
  await page.goto(VIEW);
  await hydrated(page);
  await page.getByRole('link', { name: 'Browse the whole dump' }).first().click();
  // `latest` reads the whole dump; the address then names the kept copy and the slice shown.
  await expect(page).toHaveURL(/\/dumps\/[0-9a-f-]{36}\?.*kind=clusters&name=kube_httpbin_httpbin_8000/);
  const slice = page.getByTestId('slice-json');
  await expect(slice.locator('.hl').filter({ hasText: '"keepalive_time": 30,' })).toHaveCount(1);
  await expect(page.getByTestId('dump-summary')).toContainText(
    /Envoy 1\.40\.0 · node http-\S+\.kgateway-system · \d+ clusters, 3 listeners/,
  );
  const link = page.url();

  await page.getByRole('button', { name: 'listeners' }).click();
  await page.getByRole('searchbox', { name: 'Find listeners by name' }).fill('listener~8080');
  await expect(page.getByRole('table', { name: 'listeners in the dump' }).getByRole('row')).toHaveCount(1);
  await page.getByRole('row').filter({ hasText: 'listener~8080' }).click();
  await expect(slice).toContainText('"port_value": 8080');

  await page.getByRole('button', { name: /Open the whole dump/ }).click();
  await page.getByRole('searchbox', { name: 'Search the dump' }).fill('"keepalive_time": \\d+');
  await page.getByRole('checkbox', { name: 'regex' }).check();
  await page.getByRole('button', { name: 'Find next' }).click();
  await expect(page.getByRole('status', { name: 'Search result' })).toHaveText(/^match on line \d+$/);

  await page.goto(link);
  await expect(slice.locator('.hl').filter({ hasText: '"keepalive_probes": 3,' })).toHaveCount(1);
  await page.goto('/dumps/00000000-0000-0000-0000-000000000000');
  await expect(page.getByRole('alert', { name: 'Dump not available' })).toContainText('no longer kept by the server');
});

test("a policy that breaks its backend: cluster missing, with a link to the policy's status", async ({ page }) => {
  const broken = `apiVersion: gateway.kgateway.dev/v1alpha1
kind: BackendConfigPolicy
metadata: { name: cart-broken-tls, namespace: shop }
spec:
  targetRefs: [ { group: "", kind: Service, name: cart } ]
  tls: { secretRef: { name: no-such-secret } }
`;
  const cart = '/gateways/kgateway-system/http?service=shop/cart&port=8080';
  await page.goto(cart);
  await expect(page.locator('.cluster-json')).toHaveCount(2); // present on both replicas before
  await kubectlOk(['apply', '-f', '-'], { input: broken });
  try {
    await expect
      .poll(
        async () => {
          await page.goto(cart);
          await expect(page.getByTestId('replica-summary')).toBeVisible();
          return page.getByTestId('cluster-missing').count();
        },
        { timeout: 60_000, intervals: [2000] },
      )
      .toBe(2);
    await page.getByTestId('cluster-missing').first().getByRole('link', { name: 'cart-broken-tls' }).click();
    await expect(page).toHaveURL(/\/policies\/shop\/cart-broken-tls/);
    await expect(page.getByText('no-such-secret').first()).toBeVisible();
  } finally {
    await kubectl(['delete', 'backendconfigpolicy', 'cart-broken-tls', '-n', 'shop', '--ignore-not-found']);
  }
});

test('after an edit to 1m30s both replicas show 90, and the change shows against the previous fetch', async ({ page }) => {
  await waitForSummary(page, 'In effect on 2 of 2 replicas.');
  await kubectlOk(['apply', '-f', '-'], { input: policy('1m30s') });
  const seen: string[] = [];
  await expect
    .poll(
      async () => {
        await page.goto(VIEW);
        await expect(page.getByTestId('replica-summary')).toBeVisible();
        await hydrated(page); // the buttons answer once the page's script runs
        // Each fetch is compared with the one before it, so the fetch that first sees 90 shows 30 → 90.
        for (const r of await page.getByRole('region', { name: /^Replica / }).all()) {
          await r.getByRole('button', { name: "Compare with this pod's previous fetch" }).click();
          seen.push((await r.getByTestId('previous-comparison').textContent()) ?? '');
        }
        return page.locator('.cluster-json .hl').filter({ hasText: '"keepalive_time": 90,' }).count();
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .toBe(2);
  const changes = seen.filter((t) => t.includes('.upstream_connection_options.tcp_keepalive.keepalive_time: 30 → 90'));
  expect(changes.length).toBeGreaterThanOrEqual(2); // once per replica
  expect(changes.every((t) => t.startsWith("Since this pod's previous fetch: 1 changed, 0 added, 0 removed,"))).toBe(true);
  await expect(page.getByTestId('replica-summary')).toHaveText('In effect on 2 of 2 replicas.');
});

test('after delete the keepalive block is gone from both replicas', async ({ page }) => {
  await kubectlOk(['delete', 'backendconfigpolicy', NAME, '-n', NS]);
  await expect
    .poll(
      async () => {
        await page.goto(VIEW);
        // Count only once the dumps are on screen: before that there is nothing to count.
        await expect(page.getByTestId('replica-summary')).toBeVisible();
        await expect(page.locator('.cluster-json')).toHaveCount(2);
        return page.locator('.cluster-json').filter({ hasText: 'tcp_keepalive' }).count();
      },
      { timeout: 60_000, intervals: [2000] },
    )
    .toBe(0);
  await expect(page.getByTestId('policy-summary')).toHaveText('No BackendConfigPolicy sets tcpKeepalive for this Service.');
});

test("download a replica's whole dump; the server dials only pods of the Gateway", async ({ page, request }) => {
  await page.goto(VIEW);
  await hydrated(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the whole dump' }).first().click();
  const file = await (await download).path();
  const dump = JSON.parse(readFileSync(file, 'utf8')) as { configs: { '@type': string }[] };
  expect(dump.configs.map((c) => c['@type'].split('.').pop())).toContain('EndpointsConfigDump'); // include_eds, like the guide
  const other = await request.get('/api/gateways/kgateway-system/http/dump?pod=httpbin-anything');
  expect(other.status()).toBe(404);
  expect(await other.text()).toContain('is not a proxy pod of Gateway kgateway-system/http');
});

test('one replica on its own, in the URL, and back to every replica', async ({ page }) => {
  await page.goto(VIEW);
  const replicas = page.getByRole('region', { name: /^Replica / });
  await expect(replicas).toHaveCount(2);
  const first = (await replicas.first().getAttribute('aria-label'))!.replace('Replica ', '');
  await replicas.first().getByRole('link', { name: 'Read only this replica' }).click();
  await expect(page).toHaveURL(new RegExp(`pod=${first}`));
  await expect(page.getByTestId('replica-summary')).toHaveText('In effect on 1 of 1 replicas.');
  await expect(replicas).toHaveCount(1);
  await page.getByRole('link', { name: 'Read every replica' }).click();
  await expect(page.getByTestId('replica-summary')).toHaveText('In effect on 2 of 2 replicas.');
});

test('a stopped Envoy is reported unreachable for its replica, not a crash', async ({ page }) => {
  await waitForSummary(page, 'In effect on 2 of 2 replicas.');
  const pid = Number(readFileSync(resolve(stackDir, 'pids/envoy-1.pid'), 'utf8'));
  process.kill(-pid, 'SIGTERM');
  await expect
    .poll(
      () => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      },
      { timeout: 15_000 },
    )
    .toBe(false);
  await page.goto(VIEW);
  await expect(page.getByTestId('replica-summary')).toHaveText('In effect on 1 of 2 replicas; 1 unreachable.');
  const down = page.getByRole('alert', { name: 'Replica unreachable' });
  await expect(down).toContainText('Nothing answered on port 19000 of kgateway-system/http-');
  await expect(down).toContainText('is its Envoy running?');
});

test('the viewer may not port-forward and is told which permission is missing', async ({ page }) => {
  await page.goto(`${VIEW}&context=kgateway-local-viewer`);
  await expect(page.getByTestId('error-banner').first()).toContainText(
    'Missing permission: create pods/portforward in namespace kgateway-system',
  );
});

test("the viewer's findings say Envoy could not be read, and why, not that the cluster is missing", async ({ page }) => {
  await kubectlOk(['apply', '-f', '-'], { input: policy('30s') }); // deleted by a test above
  await page.goto(`/policies/${NS}/${NAME}?context=kgateway-local-viewer`);
  const f = page.locator('[data-finding="unread"]');
  await expect(f).toBeVisible({ timeout: 30_000 });
  await expect(f).toContainText(
    /Envoy could not be read on 2 replicas, so what they hold of this policy is not known: kgateway-system\/http http-\S+, kgateway-system\/http http-/,
  );
  await expect(f).toContainText('Missing permission: create pods/portforward in namespace kgateway-system');
  await expect(f.getByTestId('finding-command')).toHaveText('kubectl auth can-i create pods/portforward -n kgateway-system');
  await expect(page.locator('[data-finding="no-cluster"]')).toHaveCount(0);
});
