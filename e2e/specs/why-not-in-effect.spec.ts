import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFile, execFileSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { adminKubeconfig, kubectl, kubectlOk, stackDir } from '../support/stack';

// Issue 12, "Why isn't my policy in effect?", on the stack: every replica SYNCED, STALE while
// kgateway is stopped and a policy changes, SYNCED again when it is back, REJECTED with Envoy's
// own message for a value kgateway v2.4.2 accepts and Envoy 1.40.0 refuses, and each finding
// reproduced with real objects and shown with the kubectl command that shows it (which the test
// runs, and whose output must bear the finding out).

const run = promisify(execFile);
const GATEWAY = '/gateways/kgateway-system/http';
const VIEW = `${GATEWAY}?service=httpbin/httpbin&port=8000`;
const kgatewayScript = resolve(stackDir, '../e2e/stack/kgateway.sh');
const kubectlPath = resolve(stackDir, 'bin/kubectl');

const POLICIES: [string, string][] = [
  ['shop', 'sync-probe'],
  ['shop', 'bad-ring'],
  ['shop', 'f-missing'],
  ['httpbin', 'f-older'],
  ['httpbin', 'f-newer'],
  ['shop', 'f-tls'],
  ['shop', 'f-slow'],
];

function policy(namespace: string, name: string, spec: string): string {
  return `apiVersion: gateway.kgateway.dev/v1alpha1
kind: BackendConfigPolicy
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${spec}
`;
}

const applyPolicy = (namespace: string, name: string, spec: string) =>
  kubectlOk(['apply', '-f', '-'], { input: policy(namespace, name, spec) });

/** Runs a finding's command as shown, with the stack's kubectl and kubeconfig in place of `kubectl`. */
async function runShown(command: string): Promise<{ code: number; out: string }> {
  expect(command).toMatch(/^kubectl /);
  const shell = `${kubectlPath} --kubeconfig ${adminKubeconfig} ${command.slice('kubectl '.length)}`;
  try {
    const { stdout, stderr } = await run('bash', ['-c', shell]);
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? 1, out: (x.stdout ?? '') + (x.stderr ?? '') };
  }
}

function kgateway(action: 'start' | 'stop') {
  execFileSync('bash', [kgatewayScript, action], { stdio: 'ignore' });
}

/**
 * Fresh Envoys, as `kubectl rollout restart` gives: a refused or never-warming cluster can leave
 * an Envoy holding state no later push repairs, so this spec neither inherits nor leaves any.
 */
function restartEnvoys() {
  execFileSync('bash', ['-c', `source ${resolve(stackDir, '../e2e/stack/lib.sh')} && stop_pid envoy-0 && stop_pid envoy-1`], {
    stdio: 'ignore',
  });
  execFileSync('bash', [resolve(stackDir, '../e2e/stack/envoys.sh')], { stdio: 'ignore' });
}

const panel = (page: Page) => page.getByTestId('sync-panel');
const panelState = (page: Page) => panel(page).locator('h2 [data-testid="sync-badge"]');
const rows = (page: Page) => panel(page).locator('tbody tr');

async function finding(page: Page, id: string): Promise<Locator> {
  const f = page.locator(`[data-finding="${id}"]`);
  await expect(f.first()).toBeVisible({ timeout: 30_000 });
  return f.first();
}

/**
 * A kgateway Backend whose one host (on loopback) accepts TCP and never answers, for a health
 * check that hangs. (A Service cannot do it here: EndpointSlices refuse loopback addresses.)
 */
const SLOW_ADDRESS = '127.0.1.250';
const SLOW_PORT = 18080;
const SLOW_BACKEND = `apiVersion: gateway.kgateway.dev/v1alpha1
kind: Backend
metadata: { name: slow, namespace: shop }
spec: { type: Static, static: { hosts: [{ host: ${SLOW_ADDRESS}, port: ${SLOW_PORT} }] } }
`;
const silent = { server: undefined as Server | undefined, connections: 0, sockets: new Set<Socket>() };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  silent.server = createServer((socket) => {
    silent.connections++;
    silent.sockets.add(socket);
    socket.on('close', () => silent.sockets.delete(socket));
  });
  await new Promise<void>((done) => silent.server!.listen(SLOW_PORT, SLOW_ADDRESS, done));
  for (const [ns, name] of POLICIES) await kubectl(['delete', 'backendconfigpolicy', name, '-n', ns, '--ignore-not-found']);
  await kubectl(['delete', 'backendtlspolicy', 'payments-tls', '-n', 'shop', '--ignore-not-found']);
  restartEnvoys();
});

test.afterAll(async () => {
  kgateway('start');
  await kubectl(['delete', 'backend', 'slow', '-n', 'shop', '--ignore-not-found']);
  for (const s of silent.sockets) s.destroy();
  await new Promise((done) => silent.server?.close(done));
  restartEnvoys();
  for (const [ns, name] of POLICIES) await kubectl(['delete', 'backendconfigpolicy', name, '-n', ns, '--ignore-not-found']);
  await kubectl(['delete', 'backendtlspolicy', 'payments-tls', '-n', 'shop', '--ignore-not-found']);
});

test('both replicas SYNCED, and the cluster each holds is the one kgateway sends', async ({ page }) => {
  await page.goto(GATEWAY);
  await expect(panelState(page)).toHaveAttribute('data-state', 'SYNCED', { timeout: 60_000 });
  // A cluster changed by an earlier spec may still warm (up to 15 s); the view reads the dumps once.
  await expect(panel(page).getByTestId('warming-clusters')).toHaveCount(0, { timeout: 30_000 });
  await page.goto(VIEW);
  await expect(panelState(page)).toHaveAttribute('data-state', 'SYNCED', { timeout: 30_000 });
  await expect(panel(page).getByTestId('sync-summary')).toHaveText('All 2 replicas hold what kgateway sends.');
  await expect(rows(page)).toHaveCount(2);
  for (const row of await rows(page).all()) {
    await expect(row).toHaveAttribute('data-state', 'SYNCED');
    for (const type of ['clusters', 'listeners', 'routes'])
      await expect(row.locator(`td[data-type="${type}"]`)).toHaveAttribute('data-state', 'SYNCED');
    const pod = (await row.getAttribute('data-pod'))!;
    await expect(page.getByTestId(`desired-vs-actual-${pod}`)).toContainText('the cluster Envoy holds is the one kgateway sends', {
      timeout: 60_000,
    });
    await expect(page.getByTestId(`desired-vs-actual-${pod}`)).toContainText("Any payloads decoded with Envoy's descriptors");
  }
  await expect(panel(page)).toContainText('/snapshots/xds of pod kgateway-system/kgateway-');

  // The same at a glance on the Services list.
  await page.goto('/services');
  const badge = page.getByRole('navigation', { name: 'Gateway health' }).locator('li[data-gateway="kgateway-system/http"]');
  await expect(badge.getByTestId('sync-badge')).toHaveAttribute('data-state', 'SYNCED', { timeout: 30_000 });
  await expect(badge).toContainText('2/2 synced');
  // The badge reads again by itself, every 5 s, with no reload of the page.
  let reads = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('/api/gateways/kgateway-system/http/sync')) reads++;
  });
  await expect.poll(() => reads, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  await expect(badge).toContainText('2/2 synced');
});

test('kgateway stopped and a policy changed: replicas STALE with both versions; SYNCED again once it is back', async ({ page }) => {
  await applyPolicy(
    'shop',
    'sync-probe',
    '  targetRefs: [{ group: "", kind: Service, name: frontend }]\n  tcpKeepalive: { keepAliveProbes: 3 }',
  );
  await expect
    .poll(
      async () =>
        (
          await kubectlOk([
            'get',
            'backendconfigpolicy',
            'sync-probe',
            '-n',
            'shop',
            '-o',
            'jsonpath={.status.ancestors[0].conditions[0].observedGeneration}',
          ])
        ).trim(),
      {
        timeout: 30_000,
      },
    )
    .toBe('1');
  // kgateway writes status before its push reaches Envoy, and an answer may be reused for 2 s: wait
  // until two reads 3 s apart agree that every replica holds kgateway's version, and take that one.
  const held = async () => {
    const r = await page.request.get(`/c/kgateway-local-admin/api/gateways/kgateway-system/http/sync`);
    const v = (await r.json()).value as { state: string; desired?: { clusters?: string } };
    return v.state === 'SYNCED' ? v.desired?.clusters : undefined;
  };
  let before = '';
  await expect
    .poll(
      async () => {
        const first = await held();
        await new Promise((r) => setTimeout(r, 3_000));
        before = (await held()) ?? '';
        return first !== undefined && first === before;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  expect(before).toMatch(/^\d+$/);
  await page.goto(GATEWAY);
  await expect(panelState(page)).toHaveAttribute('data-state', 'SYNCED', { timeout: 30_000 });

  kgateway('stop');
  try {
    await kubectlOk([
      'patch',
      'backendconfigpolicy',
      'sync-probe',
      '-n',
      'shop',
      '--type',
      'merge',
      '-p',
      '{"spec":{"tcpKeepalive":{"keepAliveProbes":5}}}',
    ]);
    await page.goto(GATEWAY);
    await expect(panelState(page)).toHaveAttribute('data-state', 'STALE', { timeout: 30_000 });
    await expect(panel(page).getByTestId('controller-error')).toContainText('is kgateway running?');
    await expect(panel(page).getByTestId('pending-policy')).toHaveText(
      'Policy shop/sync-probe is at generation 2; kgateway last wrote status for generation 1.',
    );
    await expect(panel(page).getByTestId('sync-summary')).toHaveText(
      'kgateway cannot be read and 1 policy has changed since it last wrote status: 2 of 2 replicas are behind.',
    );
    for (const row of await rows(page).all()) {
      await expect(row).toHaveAttribute('data-state', 'STALE');
      await expect(row.locator('td[data-type="clusters"]')).toContainText(`Envoy holds ${before}`);
      await expect(row.locator('td[data-type="clusters"]')).toContainText('kgateway sends unknown');
    }
  } finally {
    kgateway('start');
  }
  await expect(panelState(page)).toHaveAttribute('data-state', 'SYNCED', { timeout: 90_000 });
  await expect(panel(page).getByTestId('pending-policy')).toHaveCount(0);
  for (const row of await rows(page).all()) {
    const now = (await row.locator('td[data-type="clusters"] code').first().textContent())!;
    expect(now).toMatch(/^\d+$/);
    expect(now).not.toBe(before);
  }
});

test('a value kgateway accepts and Envoy refuses: "rejected by Envoy" with Envoy\'s message, on the gateway and on the policy', async ({
  page,
}) => {
  const message = 'ring hash: minimum_ring_size (2048) > maximum_ring_size (1024)';
  await applyPolicy(
    'shop',
    'bad-ring',
    '  targetRefs: [{ group: "", kind: Service, name: catalog }]\n  loadBalancer: { ringHash: { minimumRingSize: 2048, maximumRingSize: 1024 } }',
  );
  await page.goto(GATEWAY);
  await expect(panelState(page)).toHaveAttribute('data-state', 'REJECTED', { timeout: 60_000 });
  await expect(panel(page).getByTestId('sync-summary')).toHaveText(
    "Envoy rejected kgateway's update on 2 of 2 replicas: they keep their previous configuration.",
  );
  const rejected = panel(page).getByTestId('rejections');
  await expect(rejected).toHaveCount(2);
  for (const r of await rejected.all()) {
    await expect(r).toContainText('Rejected by Envoy on http-');
    await expect(r).toContainText(`cluster 'kube_shop_catalog_9000': ${message}`);
  }
  for (const row of await rows(page).all()) await expect(row.locator('td[data-type="clusters"]')).toHaveAttribute('data-state', 'REJECTED');

  // kgateway wrote Accepted: the status alone says nothing of it. The policy page does.
  expect(
    await kubectlOk(['get', 'backendconfigpolicy', 'bad-ring', '-n', 'shop', '-o', 'jsonpath={.status.ancestors[0].conditions[0].status}']),
  ).toBe('True');
  await page.goto('/policies/shop/bad-ring');
  const f = await finding(page, 'rejected');
  await expect(f).toContainText(`Rejected by Envoy: kgateway-system/http http-`);
  await expect(f).toContainText(`refused kube_shop_catalog_9000: ${message}`);
  const command = (await f.getByTestId('finding-command').textContent())!;
  expect(command).toMatch(/^kubectl logs -n kgateway-system http-\S+ \| grep 'config rejected'$/);
  const shown = await runShown(command);
  expect(shown.out).toContain(`cds: cluster 'kube_shop_catalog_9000' config rejected: ${message}`);

  await kubectlOk(['delete', 'backendconfigpolicy', 'bad-ring', '-n', 'shop']);
  await page.goto(GATEWAY);
  await expect(panelState(page)).toHaveAttribute('data-state', 'SYNCED', { timeout: 60_000 });
  // The catalog cluster goes back and warms; Envoy takes no cluster update until it is done, so
  // the next test starts after that.
  await expect(panel(page).getByTestId('warming-clusters')).toHaveCount(0, { timeout: 30_000 });
});

test('each finding, reproduced with real objects, shown with the command that shows it', async ({ page }) => {
  // A target Service that does not exist: kgateway writes no status at all.
  await applyPolicy('shop', 'f-missing', '  targetRefs: [{ group: "", kind: Service, name: nosuch }]\n  connectTimeout: 2s');
  await page.goto('/policies/shop/f-missing');
  let f = await finding(page, 'target-missing');
  await expect(f).toContainText('The target Service shop/nosuch does not exist, so the policy applies to nothing.');
  let shown = await runShown((await f.getByTestId('finding-command').textContent())!);
  expect(shown.code).not.toBe(0);
  expect(shown.out).toContain('services "nosuch" not found');

  // Two policies on httpbin: the older one's tcpKeepalive wins whole (v2.4: oldest first); the
  // newer also sets HTTP/2 options on an HTTP/1 port, which kgateway skips.
  await applyPolicy(
    'httpbin',
    'f-older',
    '  targetRefs: [{ group: "", kind: Service, name: httpbin }]\n  tcpKeepalive: { keepAliveProbes: 2 }',
  );
  await new Promise((r) => setTimeout(r, 1100)); // creation timestamps have whole seconds
  await applyPolicy(
    'httpbin',
    'f-newer',
    '  targetRefs: [{ group: "", kind: Service, name: httpbin }]\n  tcpKeepalive: { keepAliveTime: 30s }\n  http2ProtocolOptions: { maxConcurrentStreams: 10 }',
  );
  await page.goto('/policies/httpbin/f-newer');
  f = await finding(page, 'overridden');
  await expect(f).toContainText('httpbin/f-newer is attached to httpbin/httpbin, but its tcpKeepalive is overridden by httpbin/f-older.');
  shown = await runShown((await f.getByTestId('finding-command').textContent())!);
  expect(shown.out).toMatch(/f-older\s+\S+\s+map\[keepAliveProbes:2\]/);
  expect(shown.out).toMatch(/f-newer\s+\S+\s+map\[keepAliveTime:30s\]/);
  f = await finding(page, 'skipped-field');
  await expect(f).toContainText(
    'kgateway silently skips http2ProtocolOptions of httpbin/f-newer on httpbin/httpbin:8000: that port is not HTTP/2.',
  );
  shown = await runShown((await f.getByTestId('finding-command').textContent())!);
  expect(shown.out.trim()).toBe('8000');

  // Another controller's status entry, beside kgateway's own: named, and ignored.
  await kubectlOk([
    'patch',
    'backendconfigpolicy',
    'f-older',
    '-n',
    'httpbin',
    '--subresource=status',
    '--type=json',
    '-p',
    JSON.stringify([
      {
        op: 'add',
        path: '/status/ancestors/-',
        value: {
          ancestorRef: { group: '', kind: 'Service', name: 'httpbin', namespace: 'httpbin' },
          controllerName: 'example.com/other-controller',
          conditions: [
            {
              type: 'Accepted',
              status: 'False',
              reason: 'Invalid',
              message: 'not mine',
              lastTransitionTime: '2026-12-05T21:00:00Z',
              observedGeneration: 1,
            },
          ],
        },
      },
    ]),
  ]);
  await page.goto('/policies/httpbin/f-older');
  f = await finding(page, 'foreign-status');
  await expect(f).toContainText('1 status entry of httpbin/f-older was written by another controller and is ignored here.');
  await expect(page.getByTestId('foreign-status')).toContainText('written by example.com/other-controller, not kgateway: ignored');
  shown = await runShown((await f.getByTestId('finding-command').textContent())!);
  expect(shown.out).toContain('example.com/other-controller httpbin');
  expect(shown.out).toContain('kgateway.dev/kgateway httpbin');

  // A BackendTLSPolicy on shop/payments takes over the BCP's tls (v2.4+); and no route reaches payments.
  await kubectlOk(['apply', '-f', '-'], {
    input: `apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: { name: payments-tls, namespace: shop }
spec:
  targetRefs: [{ group: "", kind: Service, name: payments }]
  validation: { hostname: payments.shop.svc, wellKnownCACertificates: System }
`,
  });
  await applyPolicy('shop', 'f-tls', '  targetRefs: [{ group: "", kind: Service, name: payments }]\n  tls: { insecureSkipVerify: true }');
  await page.goto('/policies/shop/f-tls');
  f = await finding(page, 'backend-tls');
  await expect(f).toContainText('A BackendTLSPolicy targets shop/payments, so the tls of shop/f-tls is not used.');
  shown = await runShown((await f.getByTestId('finding-command').textContent())!);
  expect(shown.out).toMatch(/payments-tls\s+payments/);
  f = await finding(page, 'no-route');
  await expect(f).toContainText('No route sends traffic to shop/payments:8443, so a policy on it changes nothing a request sees.');
  await expect(f).toContainText('Envoy still holds its cluster kube_shop_payments_8443');
  shown = await runShown((await f.getByTestId('finding-command').textContent())!);
  expect(shown.out).toContain('httpbin/httpbin: httpbin');
  expect(shown.out).not.toContain('payments');
  // kgateway v2.4.2 turns the BackendTLSPolicy's System CA into a validation context Envoy 1.40
  // does not know: a second value the API accepts and Envoy refuses, shown the same way.
  f = await finding(page, 'rejected');
  await expect(f).toContainText('Rejected by Envoy: kgateway-system/http http-', { timeout: 30_000 });
  await expect(f).toContainText('refused kube_shop_payments_8443: Unknown static certificate validation context: SYSTEM_CA_CERT');
  await kubectlOk(['delete', 'backendconfigpolicy', 'f-tls', '-n', 'shop']);
  await kubectlOk(['delete', 'backendtlspolicy', 'payments-tls', '-n', 'shop']);
  await page.goto(GATEWAY);
  await expect(panelState(page)).toHaveAttribute('data-state', 'SYNCED', { timeout: 60_000 });

  // A health check on a backend that accepts connections and never answers: the new cluster
  // warms until the check times out (30 s), and Envoy keeps the previous one meanwhile.
  await kubectlOk(['apply', '-f', '-'], { input: SLOW_BACKEND });
  await applyPolicy(
    'shop',
    'f-slow',
    '  targetRefs: [{ group: gateway.kgateway.dev, kind: Backend, name: slow }]\n  healthCheck: { timeout: 30s, interval: 60s, healthyThreshold: 1, unhealthyThreshold: 1, http: { path: /healthz } }',
  );
  await page.goto('/policies/shop/f-slow');
  f = await finding(page, 'warming');
  await expect(f).toContainText(
    'The new backend_shop_slow_0 is warming on 2 of 2 replicas: Envoy keeps serving the previous one until it is ready.',
  );
  await expect(f).toContainText('the first round of its health checks ends: up to their timeout if a host does not answer');
  await expect(f.getByTestId('finding-command')).toHaveText(
    /^kubectl port-forward -n kgateway-system pod\/http-\S+ 19000 & curl -s -X POST '127\.0\.0\.1:19000\/config_dump\?resource=dynamic_warming_clusters&name_regex=\^backend_shop_slow_0\$'$/,
  );
  expect(silent.connections).toBeGreaterThan(0); // Envoy's health check did reach the silent backend
});
