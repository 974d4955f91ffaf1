import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { kubectl, kubectlOk, stackDir } from '../support/stack';
import { actionId, actionResult, callAction, raw } from '../support/raw-http';
import { urls } from '../support/urls';

// DASHBOARD_AUTH=oidc against the stack's real Keycloak and a kube-apiserver that trusts it: each
// person signs in on the provider's own login page and the API server judges them, not the
// dashboard. The team replicas (playwright.config.ts) share nothing but the session secret.

const CTX = 'kgateway-local-admin'; // the cluster only: its user is not used in oidc mode
const C = `/c/${CTX}`;
const NS = 'httpbin';
const NAME = 'httpbin-keepalive';
const SHOP = 'frontend-keepalive';
const POLICIES = 'app/c/[context]/policies/actions.ts';
const PASSWORDS = { alice: 'alice-demo', bob: 'bob-demo', carol: 'carol-demo' } as const;
type Who = keyof typeof PASSWORDS;

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: urls.team, ignoreHTTPSErrors: true }); // Keycloak's certificate is the stack's own CA

async function signIn(page: Page, who: Who, path = `${C}/services`): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/^https:\/\/127\.0\.0\.1:18443\/realms\/kgateway\/protocol\/openid-connect\/auth/);
  await page.locator('#username').fill(who);
  await page.locator('#password').fill(PASSWORDS[who]);
  await page.locator('#kc-login').click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(who);
  expect(new URL(page.url()).pathname).toBe(path.split('?')[0]);
}

async function personPage(browser: Browser, who: Who, path?: string, base = urls.team): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signIn(page, who, path);
  return page;
}

/** The guide's values, each checked in the YAML preview (so a fill before hydration cannot be lost). */
async function fillGuideValues(page: Page): Promise<void> {
  for (const [field, value] of [
    ['keepAliveProbes', '3'],
    ['keepAliveTime', '30s'],
    ['keepAliveInterval', '5s'],
  ] as const) {
    await expect(async () => {
      await page.getByLabel(field, { exact: true }).fill(value);
      await expect(page.getByTestId('yaml-preview')).toContainText(`${field}: ${value}`, { timeout: 1_000 });
    }).toPass();
  }
}

async function fillField(page: Page, field: string, value: string): Promise<void> {
  await expect(async () => {
    await page.getByLabel(field, { exact: true }).fill(value);
    await expect(page.getByTestId('yaml-preview')).toContainText(`${field}: ${value}`, { timeout: 1_000 });
  }).toPass();
}

async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies(urls.team)).map((c) => `${c.name}=${c.value}`).join('; ');
}

function auditEvents(): {
  verb: string;
  user: { username: string; groups?: string[] };
  objectRef?: { resource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
  requestReceivedTimestamp: string;
}[] {
  return readFileSync(resolve(stackDir, 'logs/audit.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ReturnType<typeof auditEvents>[number]);
}

const tcpKeepalive = async (ns: string, name: string) =>
  JSON.parse(await kubectlOk(['get', 'backendconfigpolicy', name, '-n', ns, '-o', 'jsonpath={.spec.tcpKeepalive}'])) as Record<
    string,
    unknown
  >;

test.beforeAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
  await kubectl(['delete', 'backendconfigpolicy', SHOP, '-n', 'shop', '--ignore-not-found']);
});

test.afterAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
  await kubectl(['delete', 'backendconfigpolicy', SHOP, '-n', 'shop', '--ignore-not-found']);
});

test('without a sign-in nothing passes: pages go to the provider, everything else is 401', async () => {
  const page = await raw(`${C}/services`, { base: urls.team, headers: { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' } });
  expect(page.status).toBe(303);
  expect(page.headers.location).toBe(`/auth/login?back=${encodeURIComponent(`${C}/services`)}`);
  const api = await raw(`${C}/api/cluster`, { base: urls.team });
  expect(api.status).toBe(401);
  expect(api.body).toContain('not signed in');
  // Forged credentials: a made-up session cookie, identity headers a proxy would set, a bearer token.
  const forged: Record<string, string>[] = [
    { cookie: 'kgd-session=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC' },
    { 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'platform', 'x-auth-request-user': 'alice', 'remote-user': 'alice' },
    { authorization: `Bearer ${readFileSync(resolve(stackDir, 'kubeconfig'), 'utf8').match(/token: (\S+)/)![1]}` },
  ];
  // Every Service's row comes from a person's cache: none of it without a sign-in.
  for (const headers of forged) {
    for (const path of [`${C}/api/cluster`, `${C}/api/services/rows`]) {
      const r = await raw(path, { base: urls.team, headers });
      expect(r.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
      expect(r.body).not.toContain('httpbin');
    }
  }
  // The probes and the sign-in itself stay open.
  expect((await raw('/api/health', { base: urls.team })).status).toBe(200);
  const login = await raw(`/auth/login?back=${encodeURIComponent('https://evil.example/')}`, { base: urls.team });
  expect(login.status).toBe(303);
  const provider = new URL(String(login.headers.location));
  expect(provider.origin).toBe('https://127.0.0.1:18443');
  expect(provider.searchParams.get('code_challenge_method')).toBe('S256');
  expect(provider.searchParams.get('redirect_uri')).toBe(`${urls.team}/auth/callback`);
  const flow = ([login.headers['set-cookie']].flat() as string[]).find((c) => c.startsWith('kgd-signin='))!;
  expect(flow).toMatch(/HttpOnly/i);
  expect(flow).toMatch(/SameSite=lax/i);
});

test("alice signs in on Keycloak's page and creates the guide's policy; the audit log names her", async ({ page }) => {
  const bodies: string[] = [];
  page.on('response', async (r) => {
    if (r.url().startsWith(urls.team)) bodies.push(await r.text().catch(() => ''));
  });
  const started = Date.now() - 1_000;
  await signIn(page, 'alice', `${C}/policies/new?namespace=${NS}&service=httpbin`);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(NAME);
  await fillGuideValues(page);
  await page.getByRole('button', { name: 'Review changes (dry run)' }).click();
  await expect(page.getByRole('heading', { name: /Dry run passed/ })).toBeVisible();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Applied \(generation \d+\)$/ })).toBeVisible();
  expect(await tcpKeepalive(NS, NAME)).toEqual({ keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' });

  const managers = await kubectlOk([
    'get',
    'backendconfigpolicy',
    NAME,
    '-n',
    NS,
    '--show-managed-fields',
    '-o',
    'jsonpath={.metadata.managedFields[*].manager}',
  ]);
  expect(managers.split(' ')).toContain('kgateway-dashboard:alice');
  await expect
    .poll(() =>
      auditEvents().find(
        (e) =>
          e.objectRef?.resource === 'backendconfigpolicies' &&
          e.objectRef.namespace === NS &&
          e.objectRef.name === NAME &&
          e.responseStatus?.code === 201 &&
          new Date(e.requestReceivedTimestamp).getTime() >= started, // earlier specs create it too
      ),
    )
    .toMatchObject({ verb: 'patch', user: { username: 'oidc:alice', groups: expect.arrayContaining(['oidc:platform']) } });

  // No token and no session secret in anything the browser got; the session cookie is HttpOnly.
  await page.goto(`${C}/policies/${NS}/${NAME}`);
  await page.waitForLoadState('networkidle');
  expect(bodies.length).toBeGreaterThan(3);
  for (const b of bodies) {
    expect(b).not.toMatch(/eyJhbGciOiJSUzI1Ni/); // the header of every Keycloak-signed token
    expect(b).not.toContain('playwright-only-session-secret');
  }
  expect(await page.evaluate(() => document.cookie)).not.toContain('kgd-session');
  const session = (await page.context().cookies(urls.team)).find((c) => c.name === 'kgd-session')!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
});

test('bob sees the policy, may not change it, and the API server refuses a write he sends anyway', async ({ browser }) => {
  const page = await personPage(browser, 'bob', `${C}/policies/${NS}/${NAME}`);
  await expect(page.getByLabel('keepAliveTime', { exact: true })).toHaveValue('30s');
  await expect(page.getByTestId('permission-note')).toContainText(
    'missing permission patch backendconfigpolicies.gateway.kgateway.dev in namespace httpbin',
  );
  await expect(page.getByRole('button', { name: 'Review changes (dry run)' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Delete' })).toBeDisabled();

  const rv = await kubectlOk(['get', 'backendconfigpolicy', NAME, '-n', NS, '-o', 'jsonpath={.metadata.resourceVersion}']);
  const policy = {
    apiVersion: 'gateway.kgateway.dev/v1alpha1',
    kind: 'BackendConfigPolicy',
    metadata: { name: NAME, namespace: NS },
    spec: {
      targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }],
      tcpKeepalive: { keepAliveProbes: 9, keepAliveTime: '30s', keepAliveInterval: '5s' },
    },
  };
  const r = await callAction(
    `${C}/policies/${NS}/${NAME}`,
    actionId(POLICIES, 'applyPolicyAction'),
    [policy, { resourceVersion: rv }, false],
    { origin: urls.team, cookie: await cookieHeader(page) },
    urls.team,
  );
  expect(r.status).toBe(200);
  expect(actionResult(r)).toMatchObject({
    ok: false,
    error: { kind: 'forbidden', message: expect.stringContaining('User "oidc:bob" cannot patch') },
  });
  expect((await tcpKeepalive(NS, NAME)).keepAliveProbes).toBe(3);
  await page.context().close();
});

/** Collects the page's own event stream of Service changes, raw, in `window.__events`. */
async function listenToServices(page: Page): Promise<void> {
  await page.evaluate((path) => {
    const got: string[] = [];
    (window as unknown as { __events: string[] }).__events = got;
    new EventSource(path).onmessage = (m: MessageEvent<string>) => void got.push(m.data);
  }, `${C}/api/events?kinds=services`);
}
const eventsOf = (page: Page) => page.evaluate(() => (window as unknown as { __events: string[] }).__events);

test('carol, in no group, gets a clear "no access", and nothing from the caches and watches of those who may list', async ({ browser }) => {
  // Alice's Services page: her informer of Services is live and holds every one of them.
  const alice = await personPage(browser, 'alice');
  await expect(alice.getByRole('table', { name: 'Services' })).toContainText('httpbin');
  const page = await personPage(browser, 'carol');
  await expect(page.getByTestId('error-banner')).toContainText('Missing permission: list services');
  await expect(page.getByTestId('error-banner')).toContainText('oidc:carol');
  await expect(page.getByRole('table', { name: 'Services' })).toHaveCount(0);

  // A Service created now reaches alice's stream, and never carol's: her watch is her own, refused.
  await listenToServices(alice);
  await listenToServices(page);
  const probe = `carol-probe-${Date.now()}`;
  await kubectlOk(['create', 'service', 'clusterip', probe, '-n', 'shop', '--tcp=80:80']);
  try {
    await expect.poll(async () => (await eventsOf(alice)).some((e) => e.includes(probe)), { timeout: 15_000 }).toBe(true);
    const carols = await eventsOf(page);
    expect(carols.some((e) => e.includes('"state":"failed"') && e.includes('Missing permission'))).toBe(true);
    expect(carols.filter((e) => e.includes('"type":"change"'))).toEqual([]);
  } finally {
    await kubectl(['delete', 'service', probe, '-n', 'shop', '--ignore-not-found']);
  }
  await alice.context().close();
  await page.context().close();
});

test('alice and bob edit one policy at once: the one who loses is told alice changed it, and nothing of his is applied', async ({
  browser,
}) => {
  // Alice sets the policy up; kgateway's status report moves the resourceVersion too, so both
  // open it after that.
  const alice = await personPage(browser, 'alice', `${C}/policies/new?namespace=shop&service=frontend`);
  await expect(alice.getByLabel('Name', { exact: true })).toHaveValue(SHOP);
  await fillGuideValues(alice);
  await alice.getByRole('button', { name: 'Review changes (dry run)' }).click();
  await alice.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(alice.getByRole('heading', { name: /^Applied/ })).toBeVisible();
  await kubectlOk([
    'wait',
    'backendconfigpolicy',
    SHOP,
    '-n',
    'shop',
    '--for=jsonpath={.status.ancestors[0].controllerName}=kgateway.dev/kgateway',
    '--timeout=30s',
  ]);
  const rvNow = () => kubectlOk(['get', 'backendconfigpolicy', SHOP, '-n', 'shop', '-o', 'jsonpath={.metadata.resourceVersion}']);
  let seen = await rvNow();
  await expect
    .poll(
      async () => {
        const [before, now] = [seen, (seen = await rvNow())];
        return before === now;
      },
      { intervals: [1_000] },
    )
    .toBe(true);
  const edit = `${C}/policies/shop/${SHOP}`;
  await alice.goto(edit);
  const bob = await personPage(browser, 'bob', edit);
  await fillField(bob, 'keepAliveInterval', '10s');
  await fillField(alice, 'keepAliveTime', '1m');
  await alice.getByRole('button', { name: 'Review changes (dry run)' }).click();
  await alice.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(alice.getByRole('heading', { name: /^Applied/ })).toBeVisible();

  await bob.getByRole('button', { name: 'Review changes (dry run)' }).click();
  const conflict = bob.getByRole('region', { name: 'Changed by someone else since you opened it' });
  await expect(conflict).toContainText(/alice \(Apply/);
  await expect(conflict.getByTestId('their-version')).toContainText('keepAliveTime: 1m');
  await expect(bob.getByLabel('keepAliveInterval', { exact: true })).toHaveValue('10s');
  expect(await tcpKeepalive('shop', SHOP)).toEqual({ keepAliveProbes: 3, keepAliveTime: '1m', keepAliveInterval: '5s' });
  // On her version, his change still touches fields she owns: the API server names her again,
  // and taking over is his deliberate choice.
  await conflict.getByRole('button', { name: /Use their version as the base/ }).click();
  await bob.getByRole('button', { name: 'Review changes (dry run)' }).click();
  await expect(bob.getByTestId('error-banner')).toContainText('alice (field manager "kgateway-dashboard:alice")');
  expect(await tcpKeepalive('shop', SHOP)).toEqual({ keepAliveProbes: 3, keepAliveTime: '1m', keepAliveInterval: '5s' });

  // The same race from outside the browser: the action's answer names her too.
  const rv = '1';
  const r = await callAction(
    edit,
    actionId(POLICIES, 'applyPolicyAction'),
    [
      {
        apiVersion: 'gateway.kgateway.dev/v1alpha1',
        kind: 'BackendConfigPolicy',
        metadata: { name: SHOP, namespace: 'shop' },
        spec: {
          targetRefs: [{ group: '', kind: 'Service', name: 'frontend' }],
          tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '10s' },
        },
      },
      { resourceVersion: rv },
      false,
    ],
    { origin: urls.team, cookie: await cookieHeader(bob) },
    urls.team,
  );
  expect(actionResult(r)).toMatchObject({
    ok: false,
    error: { kind: 'conflict', changedBy: 'alice', message: expect.stringMatching(/^alice changed it at /) },
  });
  await alice.context().close();
  await bob.context().close();
});

test('a sign-in on one replica is good on the other', async ({ browser }) => {
  const page = await personPage(browser, 'alice');
  const cookie = await cookieHeader(page);
  const r = await raw(`${C}/api/cluster`, { base: urls.teamReplica, headers: { cookie } });
  expect(r.status).toBe(200);
  expect(r.body).toContain('"user":"oidc:alice"');
  await page.context().close();
});

test('a presenter on one replica is followed from the other (the walkthrough lives in a Lease)', async ({ browser }) => {
  const alice = await personPage(browser, 'alice', `${C}/guide`);
  await alice.goto(`${C}/guide?service=httpbin/httpbin&port=8000&step=1`);
  await expect(alice.getByRole('status', { name: 'Live updates' })).toHaveText(/Live/);
  await alice.getByRole('button', { name: 'Present live' }).click();
  const link = (await alice.getByTestId('follower-link').getAttribute('href'))!;
  const id = /follow=([0-9a-f-]{36})/.exec(link)![1]!;
  const follow = new URL(link, urls.team); // the link names the replica it was made on; bob opens the other
  const bob = await personPage(browser, 'bob', follow.pathname + follow.search, urls.teamReplica);
  await expect(bob.getByTestId('following')).toBeVisible();
  const step = (page: Page, n: number) => page.getByRole('heading', { name: new RegExp(`^Step ${n} of 6:`) });
  // The presenter's position reached the other replica's follower: her Service, not a default page.
  await expect(bob).toHaveURL(/service=httpbin%2Fhttpbin/);
  await expect(step(bob, 1)).toBeVisible();
  await alice.keyboard.press('ArrowRight');
  await expect(step(alice, 2)).toBeVisible();
  await expect(step(bob, 2)).toBeVisible();
  // What the other replica read: a Lease holding the position and a hash of the presenter's key.
  const lease = JSON.parse(await kubectlOk(['get', 'lease', `walkthrough-${id}`, '-n', 'kgateway-dashboard', '-o', 'json'])) as {
    metadata: { annotations: Record<string, string> };
    spec: { holderIdentity: string };
  };
  expect(lease.metadata.annotations['dashboard.kgateway.dev/state']).toContain('step=2');
  expect(lease.spec.holderIdentity).toMatch(/^[0-9a-f]{48}$/);
  await alice.context().close();
  await bob.context().close();
});

test('two replicas behind nginx behave as one: sign-in, presenting and following all go through the load balancer', async ({ browser }) => {
  const guide = `${C}/guide?service=httpbin/httpbin&port=8000&step=1`;
  const alice = await personPage(browser, 'alice', guide, urls.teamLb);
  await expect(alice.getByRole('status', { name: 'Live updates' })).toHaveText(/Live/);
  await alice.getByRole('button', { name: 'Present live' }).click();
  const link = (await alice.getByTestId('follower-link').getAttribute('href'))!;
  const follow = new URL(link, urls.teamLb);
  expect(follow.origin).toBe(urls.teamLb); // made behind the load balancer, for it
  const step = (page: Page, n: number) => page.getByRole('heading', { name: new RegExp(`^Step ${n} of 6:`) });
  await expect(step(alice, 1)).toBeVisible();
  await alice.keyboard.press('ArrowRight');
  await expect(step(alice, 2)).toBeVisible();
  // bob joins late: he lands where alice stands, even when her position reaches his page before
  // its guide has hydrated (it used to be dropped then, and he sat on step 1).
  const bob = await personPage(browser, 'bob', follow.pathname + follow.search, urls.teamLb);
  await expect(step(bob, 2)).toBeVisible();
  await expect(bob).toHaveURL(/service=httpbin%2Fhttpbin/);
  await alice.keyboard.press('ArrowRight');
  await expect(step(alice, 3)).toBeVisible();
  await expect(step(bob, 3)).toBeVisible();
  // nginx sent these requests to both replicas.
  const log = readFileSync(resolve(import.meta.dirname, `../../test-reports/lb-${new URL(urls.teamLb).port}/access.log`), 'utf8');
  const upstreams = new Set([...log.matchAll(/ (127\.0\.0\.1:\d+)$/gm)].map((m) => m[1]));
  expect([...upstreams].sort()).toEqual([new URL(urls.team).host, new URL(urls.teamReplica).host].sort());
  await alice.context().close();
  await bob.context().close();
});

test('sign-out ends the session here and at the provider', async ({ browser }) => {
  const page = await personPage(browser, 'alice');
  // Until React has hydrated, the button is disabled: a plain form post would be refused by the
  // boundary (405), which is what a quick click used to meet.
  const html = (await raw(`${C}/services`, { base: urls.team, headers: { cookie: await cookieHeader(page) } })).body;
  expect(html).toMatch(/<button type="submit" class="link-button" disabled="">Sign out<\/button>/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/auth/signed-out');
  expect((await page.context().cookies(urls.team)).some((c) => c.name.startsWith('kgd-session'))).toBe(false);
  // Back to the dashboard: the provider asks for the password again (its session ended too).
  await page.goto(`${C}/services`);
  await expect(page.locator('#password')).toBeVisible();
  await page.context().close();
});
