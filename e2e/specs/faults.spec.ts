import { expect, test } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { adminKubeconfig, kubectl, kubectlOk } from '../support/stack';
import { actionId, actionResult, callAction, raw } from '../support/raw-http';

// Issue 13, faults: the API server slow. A real TCP proxy on loopback sits between a dashboard
// server and the stack's API server and holds back every chunk the API server sends by a delay
// the test sets. Slow, the pages wait and then show; slower than DASHBOARD_API_TIMEOUT_MS, the
// page names the API server and says it did not answer in time; fast again, the same page shows.

const repo = resolve(import.meta.dirname, '../..');
const PORT = 3197;
const BASE = `http://127.0.0.1:${PORT}`;
const SERVICES = '/c/kgateway-local-admin/services';
const POLICIES = '/c/kgateway-local-admin/policies';
/** A page read straight from the API server (one policy), not from a cache. */
const POLICY = '/c/kgateway-local-admin/policies/httpbin/fault-slow';
const INSPECT = '/c/kgateway-local-admin/api/gateways/kgateway-system/http/inspect?service=httpbin/httpbin&port=8000';

interface LatencyProxy {
  server: Server;
  port: number;
  delayMs: number;
  /** At least this long between two chunks the API server sends: a download that trickles. */
  paceMs: number;
  /** Requests are held, not passed on: the API server never sees them. */
  hold: boolean;
  /** Gone: every connection is cut and new ones are refused, as when the API server is killed. */
  dead: boolean;
  /** Chunks from the API server that were held back. */
  delayed: number;
  /** Called with each chunk from the API server once it has been passed on, with its connection's count so far. */
  delivered?: (chunk: Buffer, connection: { openedAt: number; bytes: number }) => void;
  sockets: Set<Socket>;
}

/** A TCP proxy to `target` that delays what the target sends, keeping the bytes in order. */
async function latencyProxy(target: { host: string; port: number }): Promise<LatencyProxy> {
  const p: LatencyProxy = {
    server: undefined as unknown as Server,
    port: 0,
    delayMs: 0,
    paceMs: 0,
    hold: false,
    dead: false,
    delayed: 0,
    sockets: new Set(),
  };
  p.server = createServer((client) => {
    if (p.dead) return void client.destroy();
    const upstream = connect(target.port, target.host);
    p.sockets.add(client).add(upstream);
    const connection = { openedAt: Date.now(), bytes: 0 };
    let last = 0;
    // Chunks read but not yet passed on. Past a few, the proxy stops reading: the API server, and
    // whatever streams through it, meet backpressure, as behind a slow network, instead of the
    // proxy buffering everything they send.
    let held = 0;
    upstream.on('data', (chunk: Buffer) => {
      // Each chunk waits the delay from its arrival, and never overtakes the one before it.
      const at = Math.max(Date.now() + p.delayMs, last + p.paceMs);
      last = at;
      if (p.delayMs > 0 || p.paceMs > 0) p.delayed++;
      if (++held >= 8) upstream.pause();
      setTimeout(() => {
        if (--held < 8) upstream.resume();
        if (!client.writable) return;
        client.write(chunk);
        connection.bytes += chunk.length;
        p.delivered?.(chunk, connection);
      }, at - Date.now());
    });
    client.on('data', (chunk: Buffer) => {
      if (!p.hold) upstream.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      p.sockets.delete(client);
      p.sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((done) => p.server.listen(0, '127.0.0.1', done));
  p.port = (p.server.address() as { port: number }).port;
  return p;
}

/** Runs one of the stack's scripts (e2e/stack/), as the stack's own scripts would; its exit code. */
const stackScript = (script: string, ...args: string[]) =>
  spawnSync('bash', [resolve(repo, 'e2e/stack', script), ...args], { stdio: 'inherit', timeout: 120_000 }).status;

/** A plain GET of the faults' own dashboard server, as a local process would send it. */
const get = (path: string) => raw(path, { base: BASE });

/** Cuts every connection through the proxy and refuses new ones until `revive`. */
function kill(p: LatencyProxy) {
  p.dead = true;
  for (const s of p.sockets) s.destroy();
}
function revive(p: LatencyProxy) {
  p.dead = false;
  p.hold = false;
  p.delayMs = 0;
  p.paceMs = 0;
}

let proxy: LatencyProxy;
let dashboard: ChildProcess;
let dir: string;

test.beforeAll(async () => {
  const kubeconfig = readFileSync(adminKubeconfig, 'utf8');
  const server = /server: https:\/\/127\.0\.0\.1:(\d+)/.exec(kubeconfig)!;
  proxy = await latencyProxy({ host: '127.0.0.1', port: Number(server[1]) });
  dir = mkdtempSync(join(tmpdir(), 'kgd-faults-'));
  // The API server's certificate names 127.0.0.1: the proxy on another port of it passes TLS through.
  writeFileSync(join(dir, 'kubeconfig'), kubeconfig.replaceAll(server[0], `server: https://127.0.0.1:${proxy.port}`));
  dashboard = spawn(resolve(repo, 'node_modules/.bin/next'), ['start', '--hostname', '127.0.0.1', '--port', String(PORT)], {
    cwd: repo,
    env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig'), DASHBOARD_API_TIMEOUT_MS: '3000' },
    stdio: 'ignore',
  });
  await expect.poll(async () => (await fetch(`${BASE}/api/health`).catch(() => undefined))?.status, { timeout: 60_000 }).toBe(200);
});

test.afterAll(async () => {
  dashboard?.kill('SIGTERM');
  for (const s of proxy?.sockets ?? []) s.destroy();
  await new Promise((done) => proxy?.server.close(done));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the API server slow: the page waits and shows; past the deadline it says so, except for lists the cache holds; fast again, it shows again', async () => {
  test.setTimeout(120_000);
  proxy.delayMs = 400;
  const slow = await get(SERVICES);
  expect(slow.status).toBe(200);
  expect(slow.body).toContain('httpbin');
  expect(proxy.delayed).toBeGreaterThan(0); // it did go through the delay
  const policy = await get(POLICY);
  expect(policy.body).toContain('fault-slow');

  proxy.delayMs = 6_000;
  // A read the cache cannot answer waits for the API server, past the deadline.
  const late = await get(POLICY);
  expect(late.body).toContain(`Cannot reach the API server at https://127.0.0.1:${proxy.port}: no answer before the deadline.`);
  expect(late.body).not.toContain('Internal Server Error');
  // The Services list comes from the informer its first view started: its watch is still
  // connected, only slow, so the list answers without the API server.
  const fromCache = await get(SERVICES);
  expect(fromCache.body).toContain('httpbin');
  expect(fromCache.body).not.toContain('Cannot reach the API server');

  proxy.delayMs = 0;
  await expect.poll(async () => (await get(POLICY)).body.includes('Cannot reach'), { timeout: 30_000 }).toBe(false);
});

test('the API server killed outright in the middle of an apply: a clear error, nothing written; started again, the page and the same apply work', async () => {
  test.setTimeout(180_000);
  const name = 'fault-apply';
  await kubectl(['delete', 'backendconfigpolicy', name, 'fault-outside', '-n', 'httpbin', '--ignore-not-found']);
  const apply = actionId('app/c/[context]/policies/actions.ts', 'applyPolicyAction');
  const policy = {
    metadata: { name, namespace: 'httpbin' },
    spec: { targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }], tcpKeepalive: { keepAliveProbes: '3' } },
  };
  const send = () => callAction('/c/kgateway-local-admin/policies/new', apply, [policy, {}, false], { origin: BASE }, BASE);
  // The page loads and the Services list is cached; then the apply is on its way (held by the
  // proxy), and the real kube-apiserver process is killed (SIGKILL, by its pid file).
  // (Chunks the slow test delayed by 6 s may still be on their way on older connections: wait them out.)
  await expect.poll(async () => (await get('/c/kgateway-local-admin/policies/new')).status, { timeout: 30_000 }).toBe(200);
  expect((await get(SERVICES)).body).toContain('httpbin');
  // The Policies page starts this person's informer of policies: after the restart it must not
  // answer from what it held before.
  expect((await get(POLICIES)).status).toBe(200);
  proxy.hold = true;
  const pending = send();
  await new Promise((r) => setTimeout(r, 500));
  let down = false;
  try {
    expect(stackScript('apiserver.sh', 'kill')).toBe(0);
    down = true;
    const failed = actionResult(await pending) as { ok: boolean; error?: { kind: string; message: string } };
    expect(failed).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    expect(failed.error!.message).toContain(`Cannot reach the API server at https://127.0.0.1:${proxy.port}`);
    // While it is down, the Services page says so instead of showing its cache: the watch dropped.
    await expect.poll(async () => (await get(SERVICES)).body, { timeout: 30_000 }).toContain('Cannot reach the API server');
  } finally {
    revive(proxy);
    if (down || !(await kubectl(['get', '--raw', '/readyz'])).stdout.includes('ok')) expect(stackScript('apiserver.sh', 'start')).toBe(0);
  }
  // Nothing was written: the API server, back, has no such policy.
  expect((await kubectl(['get', 'backendconfigpolicy', name, '-n', 'httpbin'])).stderr).toContain('NotFound');
  // A policy written meanwhile by someone else (kubectl): once the informer says it is live again,
  // its list holds it. (The restarted API server's watch cache begins after the informer's version:
  // its watch gets 410 and must list again before it answers, not up to 30 s later.)
  await kubectlOk(['apply', '-f', '-'], {
    input: `apiVersion: gateway.kgateway.dev/v1alpha1
kind: BackendConfigPolicy
metadata: { name: fault-outside, namespace: httpbin }
spec:
  targetRefs: [ { group: "", kind: Service, name: httpbin } ]
  connectTimeout: 7s
`,
  });
  const policiesWatch = async () =>
    (JSON.parse((await get('/api/stats')).body) as { watches: { kind: string; state: string }[] }).watches.find(
      (w) => w.kind === 'backendconfigpolicies',
    )?.state;
  await expect.poll(policiesWatch, { timeout: 60_000, intervals: [100] }).toBe('live');
  const listed = (await get(POLICIES)).body.match(/(?<=<li class="card" aria-label=")[^"]+/g) ?? [];
  expect(listed).toContain('httpbin/fault-outside');
  await kubectl(['delete', 'backendconfigpolicy', 'fault-outside', '-n', 'httpbin', '--ignore-not-found']);
  // The page recovers by itself (the informer lists and watches again), and the same apply works.
  await expect.poll(async () => (await get(SERVICES)).body.includes('Cannot reach'), { timeout: 60_000 }).toBe(false);
  expect((await get(SERVICES)).body).toContain('httpbin');
  await expect.poll(async () => (actionResult(await send()) as { ok: boolean }).ok, { timeout: 30_000 }).toBe(true);
  expect(
    (await kubectl(['get', 'backendconfigpolicy', name, '-n', 'httpbin', '-o', 'jsonpath={.spec.tcpKeepalive.keepAliveProbes}'])).stdout,
  ).toBe('3');
  await kubectl(['delete', 'backendconfigpolicy', name, '-n', 'httpbin', '--ignore-not-found']);
});

test('the API server cut off with the Services page open: its Gateway badge keeps the last answer marked with its time, fresh again once it answers', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto(`${BASE}${SERVICES}?ns=httpbin`);
  const badge = page.getByRole('navigation', { name: 'Gateway health' }).locator('li[data-gateway="kgateway-system/http"]');
  await expect(badge.getByTestId('sync-badge')).toBeVisible({ timeout: 30_000 });
  await expect(badge).toContainText(/\/2 synced/);
  const stale = badge.locator('[data-stale]');
  await expect(stale).toHaveCount(0);
  // Every connection to the API server cut and new ones refused: the badge's next read (every 5 s) fails.
  kill(proxy);
  try {
    await expect(stale).toBeVisible({ timeout: 20_000 });
    await expect(stale).toContainText(/synced as of \S+.*, not read since$/);
    await expect(stale).toHaveAttribute(
      'title',
      new RegExp(`^Not read again: Cannot reach the API server at https://127\\.0\\.0\\.1:${proxy.port}`),
    );
  } finally {
    revive(proxy);
  }
  await expect(stale).toHaveCount(0, { timeout: 30_000 });
  await expect(badge).toContainText(/\/2 synced/);
});

test('a port-forward dropped while a whole dump downloads: that replica says so, nothing is kept, no WebSocket is left, and the next read works', async () => {
  test.setTimeout(120_000);
  const stats = async () =>
    JSON.parse((await get('/api/stats')).body) as { forwards: { openWebSockets: number; inUse: number }; dumps: { kept: number } };
  const pods = (
    await kubectl(['get', 'pods', '-n', 'kgateway-system', '-l', 'gateway.networking.k8s.io/gateway-name=http', '-o', 'name'])
  ).stdout
    .trim()
    .split('\n')
    .map((l) => l.replace('pod/', ''));
  const before = await stats();
  // Each chunk the API server sends waits 250 ms after the one before: the dump trickles in. The
  // connection is TLS, so the proxy counts bytes per connection. The forward is a WebSocket, a
  // connection of its own opened for this read; once one such connection has passed 60 KB (the pod
  // list, 25 KB, may come on a new connection too; the dump is about 134 KiB), the dump's first
  // bytes have reached the dashboard, and the forward goes. Older connections (the watches of earlier tests) do not count.
  proxy.paceMs = 250;
  let killed = false;
  const startedAt = Date.now();
  proxy.delivered = (_chunk, connection) => {
    if (killed || connection.openedAt < startedAt || connection.bytes < 60_000) return;
    killed = true;
    kill(proxy);
  };
  // The read behind "Browse the whole dump": the whole dump, parsed and kept.
  const answer = await get(`/c/kgateway-local-admin/api/gateways/kgateway-system/http/dump?pod=${pods[0]}`);
  proxy.delivered = undefined;
  expect(killed).toBe(true);
  expect(answer.status).toBe(503);
  expect((JSON.parse(answer.body) as { error: { message: string } }).error.message).toMatch(
    /^The port-forward to kgateway-system\/http-\S+ closed after \d+ bytes of Envoy's admin's answer to \/config_dump\?include_eds \(.+\): the forward dropped or the pod's process stopped; nothing was kept\. Try again\.$/,
  );
  expect((await stats()).dumps.kept).toBe(before.dumps.kept);
  await expect.poll(async () => (await stats()).forwards.openWebSockets, { timeout: 15_000 }).toBe(0);
  expect((await stats()).forwards.inUse).toBe(0);

  revive(proxy);
  await expect
    .poll(
      async () =>
        (await get(INSPECT)).body
          .split('\n')
          .some((l) => l.includes('"type":"result"') && l.includes('"clusterName":"kube_httpbin_httpbin_8000"')),
      {
        timeout: 30_000,
      },
    )
    .toBe(true);
});

test('an Envoy killed while its whole dump downloads: the replica says so, nothing is kept, and it reads again once the Envoy is back', async () => {
  // A third proxy pod whose Envoy holds 20,000 generated clusters (e2e/stack/scale-envoy.sh): its
  // dump is about 43 MB, so Envoy is still sending it when it is killed. The stack's own Envoys'
  // dumps (134 KiB) leave Envoy whole before anyone could kill it.
  test.setTimeout(180_000);
  const scaleEnvoy = (cmd: 'start' | 'stop') =>
    new Promise<void>((done, fail) =>
      spawn('bash', [resolve(repo, 'e2e/stack/scale-envoy.sh'), cmd], {
        env: { ...process.env, STACK_SCALE_CLUSTERS: '20000' },
        stdio: 'ignore',
      })
        .on('exit', (code) => (code === 0 ? done() : fail(new Error(`scale-envoy.sh ${cmd} exited ${code}`))))
        .on('error', fail),
    );
  type Stats = { forwards: { openWebSockets: number; inUse: number }; dumps: { kept: number; downloadingBytes: number } };
  const stats = async () => JSON.parse((await get('/api/stats')).body) as Stats;
  revive(proxy);
  await scaleEnvoy('start');
  try {
    const pod = readFileSync(resolve(repo, '.stack/run/scale-envoy/pod'), 'utf8').trim();
    const envoyPid = Number(readFileSync(resolve(repo, '.stack/pids/envoy-scale.pid'), 'utf8'));
    const READ = `/c/kgateway-local-admin/api/gateways/gateway-scale/scale/dump?pod=${pod}`;
    const before = await stats();
    // The read behind "Browse the whole dump"; once its first bytes have arrived, the Envoy is killed.
    // The API server's chunks are paced (10 ms apart, with backpressure) so the download is still
    // under way then: fast, Envoy could have written all 43 MB into the sockets before the kill, and
    // the download would end whole (a fresh-clone run got 200).
    proxy.paceMs = 10;
    const answer = get(READ);
    let early: { status: number; body: string } | undefined;
    void answer.then((a) => (early = a));
    // An answer before any byte came (the pod not found, no forward) is shown, not waited out.
    await expect
      .poll(
        async () =>
          early
            ? `answered ${early.status}: ${early.body.slice(0, 400)}`
            : (await stats()).dumps.downloadingBytes > 0
              ? 'downloading'
              : 'waiting',
        { timeout: 60_000, intervals: [50] },
      )
      .toBe('downloading');
    process.kill(-envoyPid, 'SIGKILL'); // its process group, as the stack started it
    const a = await answer;
    proxy.paceMs = 0;
    expect(a.status).toBe(503);
    expect((JSON.parse(a.body) as { error: { message: string } }).error.message).toMatch(
      /^The port-forward to gateway-scale\/scale-\S+ closed after \d+ bytes of Envoy's admin's answer to \/config_dump\?include_eds( \(.+\))?(: the forward dropped or the pod's process stopped|, before its end: the forward dropped or the pod's process stopped); nothing was kept\. Try again\.$/,
    );
    expect((await stats()).dumps.kept).toBe(before.dumps.kept);
    await expect.poll(async () => (await stats()).forwards.openWebSockets, { timeout: 15_000 }).toBe(0);
    expect((await stats()).forwards.inUse).toBe(0);
    // While it is down, the replica says nothing answers; back, the same read works.
    const down = await get(READ);
    expect(down.status).toBe(503);
    expect(down.body).toMatch(/[Ii]s its Envoy running\?/);
    await scaleEnvoy('start');
    const again = await get(READ);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ ok: true, value: { id: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
  } finally {
    await scaleEnvoy('stop');
    // A third Gateway would change what later specs count: wait until it is gone.
    await kubectl(['wait', '--for=delete', 'namespace/gateway-scale', '--timeout=120s']);
  }
});
