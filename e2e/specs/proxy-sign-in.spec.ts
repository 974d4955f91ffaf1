import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { kubectl, kubectlOk, stackDir } from '../support/stack';
import { raw } from '../support/raw-http';
import { PROXY_SECRET, urls } from '../support/urls';
import { idToken, PASSWORDS, PROXY_CLIENT } from '../support/oidc';

// DASHBOARD_AUTH=proxy behind a real oauth2-proxy (playwright.config.ts): people sign in on
// Keycloak's page through the proxy, which passes each request on with the person's ID token and
// its shared secret; the dashboard verifies both, and the API server judges the person. Anything
// sent to the dashboard around the proxy that names a person is refused.

const CTX = 'kgateway-local-admin';
const C = `/c/${CTX}`;
const NS = 'httpbin';
const NAME = 'httpbin-keepalive';
type Who = keyof typeof PASSWORDS;

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: urls.oauth2Proxy, ignoreHTTPSErrors: true });

async function signIn(page: Page, who: Who, path = `${C}/services`): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/^https:\/\/127\.0\.0\.1:18443\/realms\/kgateway\/protocol\/openid-connect\/auth/);
  await page.locator('#username').fill(who);
  await page.locator('#password').fill(PASSWORDS[who]);
  await page.locator('#kc-login').click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(who);
  expect(page.url()).toBe(`${urls.oauth2Proxy}${path}`);
}

async function personPage(browser: Browser, who: Who, path?: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: urls.oauth2Proxy, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signIn(page, who, path);
  return page;
}

function auditEvents(): {
  verb: string;
  user: { username: string };
  objectRef?: { resource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
  requestReceivedTimestamp: string;
}[] {
  return readFileSync(resolve(stackDir, 'logs/audit.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ReturnType<typeof auditEvents>[number]);
}

test.beforeAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
});
test.afterAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
});

test('straight to the dashboard, around its proxy: forged identity is refused, and nothing passes without the proxy', async () => {
  const token = idToken('alice'); // genuine, and good for the API server: only the route is wrong
  const api = `${C}/api/cluster`;
  const straight = (headers: Record<string, string>, path = api) => raw(path, { base: urls.proxied, headers });

  const none = await straight({});
  expect(none.status).toBe(401);
  expect(none.body).toContain("open it at the proxy's address");

  const forged: Record<string, string>[] = [
    { 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'platform' },
    { 'x-forwarded-email': 'alice@example.test', 'x-auth-request-user': 'alice' },
    { authorization: `Bearer ${token}` },
    { authorization: `Bearer ${token}`, 'x-dashboard-proxy-secret': 'a-guess-at-the-secret-0123456789abcdef' },
    { 'impersonate-user': 'oidc:alice' },
  ];
  for (const headers of forged) {
    for (const path of [api, `${C}/api/services/rows`]) {
      const r = await straight(headers, path);
      expect(r.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
      expect(r.body).toContain("did not come through the dashboard's authenticating proxy");
      expect(r.body).toContain(Object.keys(headers)[0]);
    }
  }
  // Even the probes refuse a forged identity; without one they answer.
  expect((await straight({ 'x-forwarded-user': 'alice' }, '/api/health')).status).toBe(403);
  expect((await straight({}, '/api/health')).status).toBe(200);

  // With the proxy's secret, user headers still count for nothing: only a token for the proxy's
  // client does. Alice's token for the other client is refused by its audience.
  const userOnly = await straight({ 'x-dashboard-proxy-secret': PROXY_SECRET, 'x-forwarded-user': 'alice' });
  expect(userOnly.status).toBe(401);
  expect(userOnly.body).toContain('passed no ID token');
  const otherClient = await straight({ 'x-dashboard-proxy-secret': PROXY_SECRET, authorization: `Bearer ${token}` });
  expect(otherClient.status).toBe(401);
  expect(otherClient.body).toContain('"aud" claim');
  // With the secret and a token for the proxy's client, it is alice: what the proxy itself sends.
  const proxied = await straight({ 'x-dashboard-proxy-secret': PROXY_SECRET, authorization: `Bearer ${idToken('alice', PROXY_CLIENT)}` });
  expect(proxied.status).toBe(200);
  expect(proxied.body).toContain('"user":"oidc:alice"');

  // Through the proxy without a sign-in, forged headers never reach the dashboard.
  const viaProxy = await raw(api, {
    base: urls.oauth2Proxy,
    headers: { authorization: `Bearer ${token}`, 'x-dashboard-proxy-secret': PROXY_SECRET, 'x-forwarded-user': 'alice' },
  });
  expect([302, 401, 403]).toContain(viaProxy.status);
  expect(viaProxy.body).not.toContain('"user":"oidc:alice"');
});

test("alice signs in through oauth2-proxy and creates the guide's policy; the audit log names her", async ({ page }) => {
  const bodies: string[] = [];
  page.on('response', async (r) => {
    if (r.url().startsWith(urls.oauth2Proxy)) bodies.push(await r.text().catch(() => ''));
  });
  const started = Date.now() - 1_000;
  await signIn(page, 'alice', `${C}/policies/new?namespace=${NS}&service=httpbin`);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(NAME);
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
  await page.getByRole('button', { name: 'Review changes (dry run)' }).click();
  await expect(page.getByRole('heading', { name: /Dry run passed/ })).toBeVisible();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Applied \(generation \d+\)$/ })).toBeVisible();
  const spec = JSON.parse(
    await kubectlOk(['get', 'backendconfigpolicy', NAME, '-n', NS, '-o', 'jsonpath={.spec.tcpKeepalive}']),
  ) as unknown;
  expect(spec).toEqual({ keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' });
  await expect
    .poll(() =>
      auditEvents().find(
        (e) =>
          e.objectRef?.resource === 'backendconfigpolicies' &&
          e.objectRef.namespace === NS &&
          e.objectRef.name === NAME &&
          e.responseStatus?.code === 201 &&
          new Date(e.requestReceivedTimestamp).getTime() >= started,
      ),
    )
    .toMatchObject({ verb: 'patch', user: { username: 'oidc:alice' } });

  // The same sign-in reads the cluster as alice; no token and no proxy secret reached the browser.
  const cookie = (await page.context().cookies(urls.oauth2Proxy)).map((c) => `${c.name}=${c.value}`).join('; ');
  const me = await raw(`${C}/api/cluster`, { base: urls.oauth2Proxy, headers: { cookie } });
  expect(me.status).toBe(200);
  expect(me.body).toContain('"user":"oidc:alice"');
  await page.goto(`${C}/policies/${NS}/${NAME}`);
  await page.waitForLoadState('networkidle');
  expect(bodies.length).toBeGreaterThan(3);
  for (const b of bodies) {
    expect(b).not.toMatch(/eyJhbGciOiJSUzI1Ni/);
    expect(b).not.toContain(PROXY_SECRET);
  }
});

test('bob, through the proxy, sees the policy and his writes are disabled with the missing permission named', async ({ browser }) => {
  const page = await personPage(browser, 'bob', `${C}/policies/${NS}/${NAME}`);
  await expect(page.getByLabel('keepAliveTime', { exact: true })).toHaveValue('30s');
  await expect(page.getByTestId('permission-note')).toContainText(
    'missing permission patch backendconfigpolicies.gateway.kgateway.dev in namespace httpbin',
  );
  await expect(page.getByRole('button', { name: 'Review changes (dry run)' })).toBeDisabled();
  await page.context().close();
});

test('carol, in no group, gets a clear "no access" through the proxy too', async ({ browser }) => {
  const page = await personPage(browser, 'carol');
  await expect(page.getByTestId('error-banner')).toContainText('Missing permission: list services');
  await expect(page.getByTestId('error-banner')).toContainText('oidc:carol');
  await page.context().close();
});

test('signing out through the proxy ends the session there and at the provider', async ({ page }) => {
  await signIn(page, 'alice');
  await page.getByRole('link', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/auth/signed-out');
  // The proxy's cookie is gone and Keycloak's session too: the dashboard asks for a password again.
  await page.goto(`${C}/services`);
  await expect(page).toHaveURL(/\/protocol\/openid-connect\/auth/);
  await expect(page.locator('#password')).toBeVisible();
});
