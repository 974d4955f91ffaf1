import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { expect, test } from '@playwright/test';
import { kubectl, gatewayPods } from '../support/stack';
import { actionId, actionResult, callAction, raw } from '../support/raw-http';
import { urls } from '../support/urls';

// The browser boundary, tried as an attacker would: raw HTTP with a foreign Host (DNS rebinding),
// server actions with no Origin or a forged one, framing, cross-site requests that would start
// work, and the bounds on what one client can make the server hold.

const CTX = 'kgateway-local-admin';
const C = `/c/${CTX}`;
const own = new URL(urls.dashboard).host;
const INSPECT = `${C}/api/gateways/kgateway-system/http/inspect?service=httpbin/httpbin&port=8000`;
const POLICIES = 'app/c/[context]/policies/actions.ts';
/** Every Service's row, from the person's cache; and a whole dump, streamed from a pod's Envoy. */
const ROWS = `${C}/api/services/rows`;
const DOWNLOAD = `${C}/api/gateways/kgateway-system/http/dump?pod=http-0&download=1`;

interface Stats {
  forwards: { inUse: number; opened: number; openWebSockets: number };
  dumps: { kept: number; downloadingBytes: number };
  streams: { open: number };
  watches: { kind: string; state: string; subscribers: number }[];
  handles: Record<string, number>;
}
const stats = async (): Promise<Stats> => JSON.parse((await raw('/api/stats')).body) as Stats;

const newPolicy = (name: string) => ({
  metadata: { name, namespace: 'httpbin' },
  spec: { targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }], tcpKeepalive: { keepAliveProbes: '3', keepAliveTime: '30s' } },
});

const policyExists = async (name: string) => (await kubectl(['get', 'backendconfigpolicy', name, '-n', 'httpbin'])).code === 0;

test('a foreign Host is refused before anything runs (DNS rebinding)', async () => {
  const before = await stats();
  for (const host of [
    'evil.example',
    'evil.example:3100',
    `127.0.0.1.nip.io:${new URL(urls.dashboard).port}`,
    'localhost.evil.example',
    '',
  ]) {
    for (const path of ['/', `${C}/services`, INSPECT, `${C}/api/events`, ROWS, DOWNLOAD, '/api/stats', '/_next/static/x.js']) {
      const r = await raw(path, { headers: { host } });
      expect(r.status, `${host} ${path}`).toBe(421);
      expect(r.body).toContain('DASHBOARD_ALLOWED_HOSTS');
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  }
  expect((await stats()).forwards.opened).toBe(before.forwards.opened); // no port-forward was started
  // The names it does answer to.
  for (const host of [own, own.replace('127.0.0.1', 'localhost')])
    expect((await raw(`${C}/services`, { headers: { host } })).status).toBe(200);
});

test('a server action with no Origin, or a forged one, is refused and writes nothing', async () => {
  const apply = actionId(POLICIES, 'applyPolicyAction');
  const forged: Record<string, string>[] = [
    {},
    { origin: 'http://evil.example' },
    { origin: 'null' },
    { origin: `http://${own}.evil.example` },
    { origin: `http://${own}/x` },
  ];
  for (const headers of forged) {
    const r = await callAction(`${C}/policies/new`, apply, [newPolicy('sec-forged'), {}, false], headers);
    expect(r.status, JSON.stringify(headers)).toBe(403);
    expect(r.body).toContain('must come from a page of this dashboard');
  }
  expect(await policyExists('sec-forged')).toBe(false);
  // The same call from the dashboard's own origin does write: the refusal above is the Origin's.
  const ok = await callAction(`${C}/policies/new`, apply, [newPolicy('sec-forged'), {}, false], { origin: urls.dashboard });
  expect(ok.status).toBe(200);
  expect(actionResult(ok)).toMatchObject({ ok: true });
  expect(await policyExists('sec-forged')).toBe(true);
  await kubectl(['delete', 'backendconfigpolicy', 'sec-forged', '-n', 'httpbin']);
});

test('a delete always carries the resourceVersion it was based on', async () => {
  const apply = actionId(POLICIES, 'applyPolicyAction');
  const del = actionId(POLICIES, 'deletePolicyAction');
  const origin = { origin: urls.dashboard };
  await callAction(`${C}/policies/new`, apply, [newPolicy('sec-delete'), {}, false], origin);
  const rv = (await kubectl(['get', 'backendconfigpolicy', 'sec-delete', '-n', 'httpbin', '-o', 'jsonpath={.metadata.resourceVersion}']))
    .stdout;
  for (const target of [
    { namespace: 'httpbin', name: 'sec-delete' },
    { namespace: 'httpbin', name: 'sec-delete', resourceVersion: '' },
  ]) {
    const r = await callAction(`${C}/policies/httpbin/sec-delete`, del, [target], origin);
    expect(r.status).toBe(200);
    expect(actionResult(r)).toMatchObject({ ok: false, error: { kind: 'invalid', fieldErrors: { resourceVersion: expect.any(String) } } });
  }
  const stale = await callAction(
    `${C}/policies/httpbin/sec-delete`,
    del,
    [{ namespace: 'httpbin', name: 'sec-delete', resourceVersion: '1' }],
    origin,
  );
  expect(actionResult(stale)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  expect(await policyExists('sec-delete')).toBe(true);
  const right = await callAction(
    `${C}/policies/httpbin/sec-delete`,
    del,
    [{ namespace: 'httpbin', name: 'sec-delete', resourceVersion: rv }],
    origin,
  );
  expect(actionResult(right)).toMatchObject({ ok: true });
  expect(await policyExists('sec-delete')).toBe(false);
});

test('pages cannot be framed, and every script carries the response nonce', async ({ page }) => {
  for (const path of [C, `${C}/services`, `${C}/policies`, `${C}/guide`, '/dumps', '/snapshots']) {
    const r = await raw(path);
    expect(r.status, path).toBe(200);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, path).toBeTruthy();
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const scripts = [...r.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s, path).toContain(`nonce="${nonce}"`);
  }
  // A page of another site that frames the dashboard gets nothing of it.
  await page.route('http://attacker.test/', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<iframe id="f" src="${urls.dashboard}${C}/services" width="800" height="600"></iframe>`,
    }),
  );
  await page.goto('http://attacker.test/');
  await page.waitForTimeout(1500);
  const framed = page.frames().find((f) => f !== page.mainFrame());
  const text = framed ? await framed.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
  expect(text).not.toContain('Services');
});

test('every page works under the CSP: no violation and no hydration mismatch in the console', async ({ page }) => {
  const violations: string[] = [];
  page.on('pageerror', (e) => violations.push(e.message));
  page.on('console', (m) => {
    // A CSP refusal, or React's hydration mismatch (#418: what the overview used to throw).
    if (/Content Security Policy|Refused to|Minified React error #4(18|23|25)|hydrat/i.test(m.text())) violations.push(m.text());
  });
  for (const path of [
    C,
    `${C}/services`,
    `${C}/policies`,
    `${C}/policies/new`,
    `${C}/gateways`,
    `${C}/guide?service=httpbin/httpbin&port=8000&step=5`,
    '/dumps',
    '/snapshots',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  }
  await page.goto(`${C}/gateways/kgateway-system/http?service=httpbin/httpbin&port=8000`);
  await expect(page.getByTestId('replica-summary')).toContainText('replicas');
  expect(violations).toEqual([]);
});

test('requests that start work refuse other sites (Sec-Fetch-Site)', async () => {
  const before = await stats();
  for (const site of ['cross-site', 'same-site']) {
    for (const path of [INSPECT, `${C}/api/events`, `${C}/api/dumps/00000000-0000-0000-0000-000000000000`, DOWNLOAD, ROWS]) {
      const r = await raw(path, { headers: { 'sec-fetch-site': site, 'sec-fetch-mode': 'cors' } });
      expect(r.status, `${site} ${path}`).toBe(403);
    }
  }
  expect((await stats()).forwards.opened).toBe(before.forwards.opened);
  const same = await raw(INSPECT, { headers: { 'sec-fetch-site': 'same-origin' } });
  expect(same.status).toBe(200);
  expect(same.body).toContain('"type":"result"');
});

test('identical concurrent requests share one fetch per replica', async () => {
  const replicas = (await gatewayPods()).length;
  // 24 connections opened first, so the 24 requests reach the server together, as 24 tabs would.
  const agent = new Agent({ keepAlive: true, maxSockets: 24 });
  await Promise.all(Array.from({ length: 24 }, () => raw('/api/health', { agent })));
  const before = await stats();
  const answers = await Promise.all(Array.from({ length: 24 }, () => raw(INSPECT, { agent })));
  agent.destroy();
  for (const a of answers) expect(a.body).toContain('"ok":true');
  const after = await stats();
  // Once for all 24: per replica its three small reads (node, the cluster, its endpoints) and three
  // small sync reads, unless an answer of the last 2 s is given again; kgateway's snapshot and metrics.
  expect([3 * replicas + 2, 6 * replicas + 2]).toContain(after.forwards.opened - before.forwards.opened);
  // One parse and one kept copy per replica too: every answer names the same reads.
  const ids = new Set(answers.flatMap((a) => [...a.body.matchAll(/"dumpId":"([0-9a-f-]+)"/g)].map((m) => m[1])));
  expect(ids.size).toBe(replicas);
});

test('an aborted request stops its fetch, and nothing is kept', async () => {
  const before = await stats();
  for (let i = 0; i < 5; i++) {
    const abort = new AbortController();
    const pending = fetch(`${urls.dashboard}${INSPECT}`, { signal: abort.signal }).catch(() => undefined);
    setTimeout(() => abort.abort(), 15);
    await pending;
  }
  await expect.poll(async () => (await stats()).forwards.inUse).toBe(0);
  await expect.poll(async () => (await stats()).forwards.openWebSockets).toBe(0);
  expect((await stats()).dumps.kept).toBe(before.dumps.kept);
});

test('after 100 dump fetches the process holds no more sockets than before, and never a listener', async () => {
  const pod = (await gatewayPods())[0]!;
  const one = `${INSPECT}&pod=${pod}`;
  for (let i = 0; i < 3; i++) await raw(one); // warm the API server connection pool
  const before = await stats();
  const listeners = before.handles.TCPServerWrap ?? 0;
  let peakListeners = listeners;
  for (let i = 0; i < 100; i += 4) {
    const batch = Promise.all([raw(one), raw(one), raw(one), raw(one)]);
    peakListeners = Math.max(peakListeners, (await stats()).handles.TCPServerWrap ?? 0);
    for (const r of await batch) expect(r.body).toContain('"type":"result"');
  }
  await expect.poll(async () => (await stats()).forwards.openWebSockets).toBe(0);
  const after = await stats();
  expect(peakListeners).toBe(listeners); // a forward opens no local port
  expect(after.forwards.opened - before.forwards.opened).toBeGreaterThanOrEqual(25);
  const sockets = (s: Stats) => (s.handles.TCPSocketWrap ?? 0) + (s.handles.TLSSocketWrap ?? 0);
  await expect.poll(async () => sockets(await stats()), { timeout: 10_000 }).toBeLessThanOrEqual(sockets(before));
});

async function openStream(path: string, headers: Record<string, string>) {
  const c = new AbortController();
  const res = await fetch(`${urls.dashboard}${path}`, { headers, signal: c.signal });
  const reader = res.body!.getReader();
  let text = '';
  const read = async () => {
    const r = await reader.read();
    text += new TextDecoder().decode(r.value ?? new Uint8Array());
    return text;
  };
  await read();
  return { close: () => c.abort(), read, text: () => text };
}

test('event streams are capped per browser, with a message; closing one frees its place', async () => {
  const headers = { cookie: `kgd-browser=cap-test-${Date.now()}` };
  const streams = await Promise.all(Array.from({ length: 8 }, () => openStream(`${C}/api/events`, headers)));
  try {
    const ninth = await openStream(`${C}/api/events`, headers);
    if (!ninth.text().includes('capped')) await ninth.read();
    expect(ninth.text()).toContain('already has 8 live-update streams open');
    // Another browser is not affected, and a closed stream gives its place back.
    const other = await openStream(`${C}/api/events`, { cookie: 'kgd-browser=someone-else' });
    expect(other.text()).not.toContain('capped');
    other.close();
    streams.pop()!.close();
    await expect
      .poll(async () => {
        const again = await openStream(`${C}/api/events`, headers);
        const capped = again.text().includes('capped');
        again.close();
        return capped;
      })
      .toBe(false);
  } finally {
    streams.forEach((s) => s.close());
  }
});

test('a tab that asks for the same kind twice and leaves does not stop the watch under the next tab', async () => {
  test.setTimeout(90_000);
  const headers = { cookie: `kgd-browser=dup-kinds-${Date.now()}` };
  await expect.poll(async () => (await stats()).streams.open, { timeout: 20_000 }).toBe(0);
  const dup = await openStream(`${C}/api/events?kinds=pods,pods`, headers);
  dup.close();
  await expect.poll(async () => (await stats()).watches.find((w) => w.kind === 'pods')?.subscribers).toBe(0);
  const next = await openStream(`${C}/api/events?kinds=pods`, headers);
  try {
    // Past the 30 s a watch lingers without listeners: it must still be there for this tab.
    await new Promise((r) => setTimeout(r, 33_000));
    const pods = (await stats()).watches.find((w) => w.kind === 'pods');
    expect(pods).toMatchObject({ state: 'live', subscribers: 1 });
  } finally {
    next.close();
  }
});

test('bad arguments get a 400 with the error vocabulary, never a 500', async () => {
  const cases = [
    `${C}/api/gateways/kgateway-system/http/inspect?service=httpbin&port=8000`,
    `${C}/api/gateways/kgateway-system/http/inspect?service=httpbin/httpbin&port=70000`,
    `${C}/api/gateways/Bad_NS/http/inspect?service=httpbin/httpbin&port=8000`,
    `${C}/api/dumps/not-a-uuid?part=summary`,
    `${C}/api/dumps/00000000-0000-0000-0000-000000000000?part=nope`,
    `${C}/api/events?kinds=secrets`,
    `${C}/api/events?follow=../../etc`,
    `${C}/api/policies/httpbin/..%2F..%2Fx`,
    `${C}/api/gateways/kgateway-system/http/dump?pod=http-0&download=yes`,
    `${C}/api/gateways/kgateway-system/http/dump?pod=..%2Fhttp&download=1`,
  ];
  for (const path of cases) {
    const r = await raw(path);
    expect(r.status, path).toBe(400);
    expect(JSON.parse(r.body), path).toMatchObject({ ok: false, error: { kind: 'invalid', message: expect.any(String) } });
  }
  expect((await raw(`${C}/api/gateways/kgateway-system/http/dump?pod=httpbin-anything`)).status).toBe(404);
  expect((await raw('/c/no-such-context/services')).status).toBe(404);
  expect((await raw('/c/no-such-context/api/cluster')).status).toBe(404);
});

test('live walkthroughs past the cap are refused with a message; the ones held go on', async () => {
  // The second dashboard holds at most one walkthrough (playwright.config.ts); it needs no cluster for this.
  const publish = actionId('app/c/[context]/guide/actions.ts', 'publishWalkthrough');
  const call = (id: string, key: string) =>
    callAction('/c/gone-cluster/guide', publish, [{ id, key, query: 'step=2' }], { origin: urls.unreachable }, urls.unreachable);
  const [held, key] = [randomUUID(), randomUUID()];
  expect(actionResult(await call(held, key))).toMatchObject({ ok: true });
  const refused = actionResult(await call(randomUUID(), randomUUID()));
  expect(refused).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  expect(JSON.stringify(refused)).toContain('1 live walkthroughs, its most');
  expect(actionResult(await call(held, key))).toMatchObject({ ok: true });
});

test('another site may link to a page, nothing more; a write names this very host; any context name is safe', async () => {
  const page = `${C}/services`;
  const link = await raw(page, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' } });
  expect(link.status).toBe(200);
  for (const dest of ['image', 'iframe', 'script', 'empty']) {
    const r = await raw(page, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': dest } });
    expect(r.status, dest).toBe(403);
  }
  // An allowed name, but not the one this request came to: refused.
  const apply = actionId(POLICIES, 'applyPolicyAction');
  const other = await callAction(`${C}/policies/new`, apply, [newPolicy('sec-other-host'), {}, false], {
    origin: urls.dashboard.replace('127.0.0.1', 'localhost'),
  });
  expect(other.status).toBe(403);
  expect(await policyExists('sec-other-host')).toBe(false);
  // Writes only through server actions: a plain POST, PUT or DELETE to a route is refused.
  for (const method of ['POST', 'PUT', 'DELETE']) {
    expect((await raw(`${C}/api/policies/httpbin/x`, { method, headers: { origin: urls.dashboard } })).status, method).toBe(405);
  }
  // Context names the URL may carry but a header could not: a clear 404, never a 500.
  for (const name of ['%E3%82%AF%E3%83%A9%E3%82%B9%E3%82%BF', 'a%0Ab', '%20prod', 'x%00y']) {
    const r = await raw(`/c/${name}/services`);
    expect(r.status, name).toBe(404);
  }
});

test('the form’s new reads and its whole-spec write keep the boundary, sent as an attacker would', async () => {
  const reads = [`${C}/api/policy-schema`, `${C}/api/secrets/httpbin`];
  for (const path of reads) {
    expect((await raw(path, { headers: { host: 'evil.example' } })).status, path).toBe(421); // DNS rebinding
    expect((await raw(path, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' } })).status, path).toBe(403);
    expect((await raw(path)).status, path).toBe(200);
  }
  // The namespace is parsed, never passed on as it came.
  for (const bad of ['Bad_NS', '..%2Fkube-system', 'a'.repeat(64)]) {
    const r = await raw(`${C}/api/secrets/${bad}`);
    expect(r.status, bad).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { kind: 'invalid' } });
  }
  // A colleague with fewer rights is told which permission, and gets no names.
  const viewer = await raw('/c/kgateway-local-viewer/api/secrets/httpbin');
  expect(viewer.status).toBe(403);
  expect(JSON.parse(viewer.body)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  expect(viewer.body).toContain('list secrets');

  // The write takes the whole spec now: a top-level field no version has is refused by name, a
  // nested one by the API server (strict field validation), sections nested past the bound by the
  // boundary; none of them writes anything.
  const apply = actionId(POLICIES, 'applyPolicyAction');
  const origin = { origin: urls.dashboard };
  const base = newPolicy('sec-fields');
  const unknownTop = await callAction(`${C}/policies/new`, apply, [{ ...base, spec: { ...base.spec, evil: 1 } }, {}, false], origin);
  expect(actionResult(unknownTop)).toMatchObject({
    ok: false,
    error: { kind: 'invalid', fieldErrors: { 'spec.evil': 'evil is not a BackendConfigPolicy field' } },
  });
  const nested = { ...base, spec: { ...base.spec, commonHttpProtocolOptions: { idleTimeout: '1s', evil: 1 } } };
  const unknownNested = await callAction(`${C}/policies/new`, apply, [nested, {}, false], origin);
  expect(actionResult(unknownNested)).toMatchObject({ ok: false });
  expect(JSON.stringify(actionResult(unknownNested))).toContain('evil');
  let deep: Record<string, unknown> = {};
  for (let i = 0; i < 40; i++) deep = { x: deep };
  const tooDeep = await callAction(`${C}/policies/new`, apply, [{ ...base, spec: { ...base.spec, tls: deep } }, {}, false], origin);
  expect(tooDeep.status).toBe(400);
  expect(await policyExists('sec-fields')).toBe(false);
});

test('the sync and findings reads keep the boundary, dial only pods the API lists, and tell a viewer what is missing', async () => {
  const reads = [`${C}/api/gateways/kgateway-system/http/sync`, `${C}/api/policies/httpbin/no-such-policy/findings`];
  for (const path of reads) {
    expect((await raw(path, { headers: { host: 'evil.example' } })).status, path).toBe(421); // DNS rebinding
    expect((await raw(path, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' } })).status, path).toBe(403);
  }
  const sync = await raw(`${C}/api/gateways/kgateway-system/http/sync?pod=evil.example:19000&address=10.0.0.1`);
  expect(sync.status).toBe(200);
  const value = JSON.parse(sync.body).value;
  // Only the Gateway's own pods, found through the API; query arguments name nothing to dial.
  expect(value.replicas.map((r: { pod: string }) => r.pod).every((p: string) => /^http-[a-z0-9]+-[a-z0-9]+$/.test(p))).toBe(true);
  expect(sync.body).not.toContain('evil.example');
  // The snapshot itself never reaches the browser: versions, not resources.
  expect(sync.body).not.toContain('"Resources"');
  expect(sync.body).not.toContain('type_url');
  expect((await raw(`${C}/api/policies/httpbin/no-such-policy/findings`)).status).toBe(404);
  for (const bad of [
    `${C}/api/gateways/Bad_NS/http/sync`,
    `${C}/api/gateways/kgateway-system/..%2Fx/sync`,
    `${C}/api/policies/${'a'.repeat(64)}/p/findings`,
  ]) {
    const r = await raw(bad);
    expect(r.status, bad).toBe(400);
  }
  // The viewer may not port-forward: kgateway's admin and every Envoy say which permission.
  const viewer = JSON.parse((await raw('/c/kgateway-local-viewer/api/gateways/kgateway-system/http/sync')).body).value;
  expect(viewer.controller.error).toMatchObject({ kind: 'forbidden' });
  expect(viewer.controller.error.message).toContain(
    "create pods/portforward in namespace kgateway-system, which reading kgateway's admin needs",
  );
  for (const r of viewer.replicas) expect(r.error).toMatchObject({ kind: 'forbidden' });
});
