import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { adminKubeconfig, kubectl, kubectlOk, stackDir, stackKubernetesVersion } from '../support/stack';
import { actionId, actionResult, callAction, raw } from '../support/raw-http';
import { idToken, OIDC_ISSUER, PROXY_CLIENT } from '../support/oidc';
import { PROXY_SECRET } from '../support/urls';

// Running it for a team: the chart renders, lints and is accepted by the real API server's dry
// run in each sign-in mode; its ServiceAccount may do no more than its mode needs; and the
// one-person kubeconfig mode refuses to be reachable from anywhere but this machine; and the
// standalone server runs as the image runs it, in and out of a pod's credentials.

const repo = resolve(import.meta.dirname, '../..');
const chart = resolve(repo, 'deploy/helm/kgateway-dashboard');
const helm = resolve(stackDir, 'bin/helm');
const NS = 'dashboard-chart-test';
const MODES = { oidc: 'values-oidc.yaml', proxy: 'values-proxy.yaml' } as const;

function run(cmd: string, args: string[], input?: string) {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', env: { ...process.env, KUBECONFIG: adminKubeconfig } });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}
const render = (values: string, extra: string[] = []) =>
  run(helm, [
    'template',
    'team',
    chart,
    '--namespace',
    NS,
    '--kube-version',
    stackKubernetesVersion(),
    '-f',
    resolve(chart, values),
    ...extra,
  ]);

test.beforeAll(async () => {
  await kubectl(['create', 'namespace', NS]);
});
test.afterAll(async () => {
  await kubectl(['delete', 'namespace', NS, '--ignore-not-found', '--wait=false']);
  await kubectl(['delete', 'clusterrole,clusterrolebinding', '-l', 'app.kubernetes.io/instance=team', '--ignore-not-found']);
});

test('the chart lints and the API server accepts it in every sign-in mode (dry run)', async () => {
  for (const [mode, values] of Object.entries(MODES)) {
    const lint = run(helm, ['lint', chart, '-f', resolve(chart, values), '--strict']);
    expect(lint.code, `${mode}: ${lint.stdout}${lint.stderr}`).toBe(0);
    const out = render(values);
    expect(out.code, out.stderr).toBe(0);
    const dry = await kubectl(['apply', '--dry-run=server', '-n', NS, '-f', '-'], { input: out.stdout });
    expect(dry.code, `${mode}: ${dry.stderr}`).toBe(0);
    for (const kind of ['deployment.apps', 'service', 'serviceaccount', 'networkpolicy.networking.k8s.io', 'poddisruptionbudget.policy'])
      expect(dry.stdout, mode).toContain(`${kind}/team-kgateway-dashboard created (server dry run)`);
    // The pod spec is locked down.
    expect(out.stdout).toContain('readOnlyRootFilesystem: true');
    expect(out.stdout).toContain('runAsNonRoot: true');
    expect(out.stdout).toMatch(/capabilities: \{ drop: \[ALL\] \}/);
  }
});

test('the chart refuses what it cannot run safely, with the reason', () => {
  const cases: [string[], string][] = [
    [['--set', 'auth.mode=kubeconfig'], 'auth.mode must be oidc or proxy'],
    [['--set', 'auth.oidc.issuerURL='], 'auth.oidc.issuerURL is required'],
  ];
  for (const [extra, message] of cases) {
    const r = render(MODES.oidc, extra);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(message);
  }
  const proxy = render(MODES.proxy, ['--set', 'auth.proxy.existingSecret=']);
  expect(proxy.code).not.toBe(0);
  expect(proxy.stderr).toContain('auth.proxy.existingSecret is required in proxy mode');
});

/** What `kubectl auth can-i --list` says the chart's ServiceAccount may do in its namespace. */
async function mayDo(): Promise<string[]> {
  const out = await kubectlOk(['auth', 'can-i', '--list', '-n', NS, `--as=system:serviceaccount:${NS}:team-kgateway-dashboard`]);
  return out
    .split('\n')
    .slice(1)
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

// What every authenticated identity may do anyway (system:basic-user, system:discovery,
// system:public-info-viewer): asking about itself, and reading the API's shape.
const EVERYONE =
  /^(selfsubject(access|rules)reviews\.authorization\.k8s\.io|selfsubjectreviews\.authentication\.k8s\.io) |^\[\/[^\]]*\] \[\] \[get\]$/;

test('the ServiceAccount may do no more than its mode needs (kubectl auth can-i --list)', async () => {
  const expected: Record<keyof typeof MODES, string[]> = {
    oidc: ['leases.coordination.k8s.io [] [] [get list watch create update delete]'],
    // The proxy passes the person's token and the dashboard forwards it: no impersonation.
    proxy: ['leases.coordination.k8s.io [] [] [get list watch create update delete]'],
  };
  for (const [mode, values] of Object.entries(MODES) as [keyof typeof MODES, string][]) {
    const out = render(values);
    const rbac = out.stdout
      .split(/^---$/m)
      .filter((doc) => /kind: (ServiceAccount|Role|RoleBinding|ClusterRole|ClusterRoleBinding)\b/.test(doc))
      .join('\n---\n');
    await kubectlOk(['apply', '-n', NS, '-f', '-'], { input: rbac });
    const rules = (await mayDo()).filter((r) => !EVERYONE.test(r));
    expect(rules.sort(), mode).toEqual([...expected[mode]].sort());
    await kubectl(['delete', '-n', NS, '-f', '-', '--ignore-not-found'], { input: rbac });
  }
});

test('kubeconfig mode refuses to listen beyond loopback, and an unknown or incomplete sign-in mode refuses to start', async () => {
  test.setTimeout(90_000);
  const start = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((done) => {
      const child = spawn(resolve(repo, 'node_modules/.bin/next'), ['start', ...args], {
        cwd: repo,
        env: { ...process.env, KUBECONFIG: adminKubeconfig, ...env },
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d));
      child.stderr.on('data', (d: Buffer) => (output += d));
      const timer = setTimeout(() => child.kill('SIGTERM'), 40_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        done({ code, output });
      });
    });
  const wide = await start(['--hostname', '0.0.0.0', '--port', '3199'], {});
  expect(wide.code).toBe(78);
  expect(wide.output).toContain('refusing to serve on 0.0.0.0 in DASHBOARD_AUTH=kubeconfig mode');
  const unknown = await start(['--hostname', '127.0.0.1', '--port', '3199'], { DASHBOARD_AUTH: 'ldap' });
  expect(unknown.code).toBe(78);
  expect(unknown.output).toContain('DASHBOARD_AUTH is one of kubeconfig, oidc, proxy');
  const incomplete = await start(['--hostname', '127.0.0.1', '--port', '3199'], { DASHBOARD_AUTH: 'oidc' });
  expect(incomplete.code).toBe(78);
  expect(incomplete.output).toContain(
    'DASHBOARD_AUTH=oidc needs DASHBOARD_OIDC_ISSUER, DASHBOARD_OIDC_CLIENT_ID, DASHBOARD_SESSION_SECRET',
  );
  // Behind a proxy without the secret that proves a request came through it, anyone could be anyone.
  const unproven = await start(['--hostname', '127.0.0.1', '--port', '3199'], {
    DASHBOARD_AUTH: 'proxy',
    DASHBOARD_OIDC_ISSUER: 'https://127.0.0.1:18443/realms/kgateway',
    DASHBOARD_OIDC_CLIENT_ID: 'dashboard-proxy',
  });
  expect(unproven.code).toBe(78);
  expect(unproven.output).toContain('DASHBOARD_AUTH=proxy needs DASHBOARD_PROXY_SECRET');
});

test('the standalone server, started as the image starts it, serves every page under its CSP', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = resolve(repo, 'test-reports/standalone');
  const assemble = run('sh', [resolve(repo, 'scripts/standalone.sh'), dir]);
  expect(assemble.code, assemble.stderr).toBe(0);
  // The image's CMD and environment, on loopback (kubeconfig mode) with the stack's kubeconfig.
  const server = spawn('node', ['server.js'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOSTNAME: '127.0.0.1',
      PORT: '3198',
      KUBECONFIG: adminKubeconfig,
    },
  });
  let output = '';
  server.stdout.on('data', (d: Buffer) => (output += d));
  server.stderr.on('data', (d: Buffer) => (output += d));
  try {
    await expect
      .poll(async () => (await fetch('http://127.0.0.1:3198/api/health').catch(() => undefined))?.status, { timeout: 30_000 })
      .toBe(200);
    expect((await fetch('http://127.0.0.1:3198/api/ready')).status).toBe(200);
    const res = await page.goto('http://127.0.0.1:3198/c/kgateway-local-admin/services');
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect(page.getByRole('heading', { name: 'Services' })).toBeVisible();
    // Scripts loaded and hydrated under the CSP: the live stream is up.
    await expect(page.getByRole('status', { name: 'Live updates' })).toHaveText(/Live/);
    // One JSON line per request with its id, and never what a request carried: tokens, keys, cookies.
    const probe = await fetch('http://127.0.0.1:3198/c/kgateway-local-admin/guide?key=presenter-secret-key', {
      headers: { authorization: 'Bearer not-to-be-logged', cookie: 'kgd-browser=cookie-not-to-be-logged' },
    });
    const id = probe.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => output.includes(id!)).toBe(true);
    const line = JSON.parse(output.split('\n').find((l) => l.includes(id!))!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: id,
      method: 'GET',
      path: '/c/kgateway-local-admin/guide',
      context: 'kgateway-local-admin',
    });
    for (const secret of ['presenter-secret-key', 'not-to-be-logged', 'cookie-not-to-be-logged']) expect(output).not.toContain(secret);
  } finally {
    server.kill('SIGTERM');
  }
  expect(output).not.toContain('Error');
});

test('in the cluster: the standalone server with the chart ServiceAccount token, found as a pod finds it, works', async () => {
  test.setTimeout(120_000);
  const dir = resolve(repo, 'test-reports/standalone');
  if (!existsSync(resolve(dir, 'server.js'))) {
    const assemble = run('sh', [resolve(repo, 'scripts/standalone.sh'), dir]);
    expect(assemble.code, assemble.stderr).toBe(0);
  }
  // The chart's ServiceAccount and its Role, as `helm install` would create them (proxy mode).
  const rbac = render(MODES.proxy)
    .stdout.split(/^---$/m)
    .filter((doc) => /kind: (ServiceAccount|Role|RoleBinding)\b/.test(doc))
    .join('\n---\n');
  await kubectlOk(['apply', '-n', NS, '-f', '-'], { input: rbac });
  // What the kubelet mounts into the pod: a token from the TokenRequest API, the cluster's CA, the namespace.
  const root = resolve(repo, 'test-reports/pod-root');
  const sa = resolve(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(sa, { recursive: true });
  writeFileSync(resolve(sa, 'token'), await kubectlOk(['create', 'token', 'team-kgateway-dashboard', '-n', NS, '--duration=10m']));
  copyFileSync(resolve(stackDir, 'run/pki/apiserver.crt'), resolve(sa, 'ca.crt'));
  writeFileSync(resolve(sa, 'namespace'), NS);
  const home = resolve(root, 'home'); // no ~/.kube/config, as in the image
  mkdirSync(home);
  const server = spawn('node', ['server.js'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOSTNAME: '127.0.0.1',
      PORT: '3197',
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: '6443',
      DASHBOARD_SERVICEACCOUNT_ROOT: root,
      DASHBOARD_AUTH: 'proxy',
      DASHBOARD_OIDC_ISSUER: OIDC_ISSUER,
      DASHBOARD_OIDC_CLIENT_ID: PROXY_CLIENT.id,
      DASHBOARD_OIDC_USERNAME_PREFIX: 'oidc:',
      DASHBOARD_PROXY_SECRET: PROXY_SECRET,
      DASHBOARD_WALKTHROUGH_NAMESPACE: NS,
      NODE_EXTRA_CA_CERTS: resolve(stackDir, 'run/pki/oidc-ca.crt'),
    },
  });
  let output = '';
  server.stdout.on('data', (d: Buffer) => (output += d));
  server.stderr.on('data', (d: Buffer) => (output += d));
  const base = 'http://127.0.0.1:3197';
  try {
    // Ready: the ServiceAccount token reaches the API server, through the in-cluster context.
    await expect.poll(async () => (await fetch(`${base}/api/ready`).catch(() => undefined))?.status, { timeout: 30_000 }).toBe(200);
    expect(await (await fetch(`${base}/api/ready`)).json()).toEqual({ status: 'ready', context: 'inClusterContext' });
    // A person, as the proxy passes them: the cluster's address and CA come from the pod, the rights from alice's token.
    const proxied = { 'x-dashboard-proxy-secret': PROXY_SECRET, authorization: `Bearer ${idToken('alice', PROXY_CLIENT)}` };
    const cluster = await raw('/c/inClusterContext/api/cluster', { base, headers: proxied });
    expect(cluster.status, cluster.body).toBe(200);
    expect(cluster.body).toContain('"user":"oidc:alice"');
    expect(cluster.body).toContain('https://127.0.0.1:6443');
    // The dashboard's own writes (a live walkthrough's Lease) are the ServiceAccount's, in its namespace.
    const id = randomUUID();
    const started = Date.now() - 1_000;
    const r = await callAction(
      '/c/inClusterContext/guide',
      actionId('app/c/[context]/guide/actions.ts', 'publishWalkthrough'),
      [{ id, key: randomUUID(), query: 'service=httpbin/httpbin&port=8000&step=1' }],
      { ...proxied, origin: base },
      base,
    );
    expect(actionResult(r)).toEqual({ ok: true, value: { followers: 0 } });
    await kubectlOk(['get', 'lease', `walkthrough-${id}`, '-n', NS]);
    await expect
      .poll(
        () =>
          readFileSync(resolve(stackDir, 'logs/audit.log'), 'utf8')
            .split('\n')
            .filter(Boolean)
            .map(
              (l) =>
                JSON.parse(l) as {
                  verb: string;
                  user: { username: string };
                  objectRef?: { name?: string };
                  requestReceivedTimestamp: string;
                },
            )
            .find(
              (e) =>
                e.objectRef?.name === `walkthrough-${id}` &&
                e.verb === 'create' &&
                new Date(e.requestReceivedTimestamp).getTime() >= started,
            )?.user.username,
      )
      .toBe(`system:serviceaccount:${NS}:team-kgateway-dashboard`);
  } finally {
    server.kill('SIGTERM');
  }
  expect(output).not.toContain('Error');
});
