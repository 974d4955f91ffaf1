import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { keepalivePolicySchema } from '../../lib/policy/schema';
import { adminKubeconfig, kubectl } from '../support/stack';
import { actionId, actionResult, callAction, raw } from '../support/raw-http';
import { urls } from '../support/urls';

// Who and which cluster, once per request: the context lives in the address (/c/<context>/…),
// old ?context= links are sent there, the kubeconfig is read again when it changes, and a page
// that cannot load its data answers with the matching status. Every server action's input is
// parsed: random and boundary values never give a 500 and never write anything when invalid.

const VIEWER = 'kgateway-local-viewer';

test('the context survives every navigation: header links and page links stay in the same cluster', async ({ page }) => {
  await page.goto(`/c/${VIEWER}/services`);
  for (const [label, path] of [
    ['Cluster', ''],
    ['Services', '/services'],
    ['Policies', '/policies'],
    ['Gateways', '/gateways'],
    ['Guide', '/guide'],
  ] as const) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/c/${VIEWER}${path}(\\?|$)`));
  }
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cluster', exact: true }).click();
  await expect(page.getByTestId('context')).toHaveText(VIEWER);
  await page.goto(`/c/${VIEWER}/gateways`);
  await page.getByRole('link', { name: 'kgateway-system/http' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${VIEWER}/gateways/kgateway-system/http`));
});

test('old ?context= links keep working: they are sent to the context in the path, the rest of the link kept', async () => {
  const cases: [string, string][] = [
    [`/services?context=${VIEWER}&ns=shop`, `/c/${VIEWER}/services?ns=shop`],
    ['/policies/httpbin/x?generation=2', '/c/kgateway-local-admin/policies/httpbin/x?generation=2'],
    ['/', '/c/kgateway-local-admin'],
    [
      `/gateways/kgateway-system/http?service=httpbin/httpbin&port=8000&context=${VIEWER}`,
      `/c/${VIEWER}/gateways/kgateway-system/http?service=httpbin%2Fhttpbin&port=8000`,
    ],
  ];
  for (const [from, to] of cases) {
    const r = await raw(from);
    expect(r.status, from).toBe(308);
    expect(r.headers.location, from).toBe(to);
  }
});

test('a page answers with the status of what went wrong, before it streams', async () => {
  expect((await raw('/c/kgateway-local-admin/services')).status).toBe(200);
  expect((await raw('/c/no-such-context/services')).status).toBe(404);
  expect((await raw('/c/gone-cluster/services', { base: urls.unreachable })).status).toBe(503);
  expect((await raw('/c/kgateway-local-admin/policies', { base: urls.badToken })).status).toBe(401);
  // Readiness follows the API server; liveness does not.
  expect((await raw('/api/ready')).status).toBe(200);
  expect((await raw('/api/ready', { base: urls.unreachable })).status).toBe(503);
  expect((await raw('/api/health', { base: urls.unreachable })).status).toBe(200);
  const page = await raw('/c/gone-cluster', { base: urls.unreachable });
  expect(page.body).toContain('Cannot reach the API server at https://127.0.0.1:2');
});

test('the kubeconfig is read again when it changes: new credentials take effect without a restart', async ({ page }) => {
  const file = resolve(import.meta.dirname, '../../.stack/kubeconfig-bad-token');
  const bad = readFileSync(file, 'utf8');
  try {
    await page.goto(`${urls.badToken}/c/kgateway-local-admin`);
    await expect(page.getByRole('alert', { name: 'Not authenticated' })).toBeVisible();
    writeFileSync(file, readFileSync(adminKubeconfig, 'utf8')); // the token was rotated
    await expect.poll(async () => (await raw('/c/kgateway-local-admin', { base: urls.badToken })).status, { timeout: 15_000 }).toBe(200);
    await page.reload();
    await expect(page.getByTestId('kubernetes-version')).toBeVisible();
  } finally {
    writeFileSync(file, bad);
  }
  await expect.poll(async () => (await raw('/c/kgateway-local-admin', { base: urls.badToken })).status, { timeout: 15_000 }).toBe(401);
});

test('"Copy link" while presenting never copies the presenter key', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: urls.dashboard });
  await page.goto('/c/kgateway-local-admin/guide?service=httpbin/httpbin&port=8000&step=2');
  await page.getByRole('button', { name: 'Present live' }).click();
  await expect(page).toHaveURL(/key=/);
  await page.getByRole('button', { name: 'Copy link to this view' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('/c/kgateway-local-admin/guide?');
  expect(copied).toContain('step=2');
  expect(copied).not.toMatch(/[?&](key|session)=/);
  const follower = await page.getByTestId('follower-link').textContent();
  expect(follower).toMatch(/\?follow=[0-9a-f-]{36}$/);
});

/** Every policy's spec generation: a write changes one, a status update by kgateway does not. */
async function specGenerations(): Promise<string> {
  const r = await kubectl([
    'get',
    'backendconfigpolicies',
    '-A',
    '-o',
    'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}@{.metadata.generation} {end}',
  ]);
  return r.stdout;
}

const POLICIES = 'app/c/[context]/policies/actions.ts';
const PAGE = '/c/kgateway-local-admin/policies/new';
const origin = { origin: urls.dashboard };

/** Values around every limit the schemas have, and some that are not even of the right type. */
const edgy = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1',
    '127',
    '128',
    '1s',
    '999ms',
    '1000ms',
    '9h6m7s',
    '32767s',
    '32768s',
    'a'.repeat(64),
    'a'.repeat(254),
  ),
  fc.constantFrom('Bad_Name', '-x', 'x-', 'a..b', '../etc', 'httpbin', 'default', '1m30s', '1.5s', '1h1h1h1h1h'),
  fc.integer({ min: -5, max: 40_000 }),
  fc.string({ maxLength: 80 }),
  fc.constantFrom(null, true, [], {}),
);
const policyLike = fc.record(
  {
    metadata: fc.record({ name: edgy, namespace: fc.oneof(fc.constant('httpbin'), edgy) }, { requiredKeys: [] }),
    spec: fc.record(
      {
        targetRefs: fc.oneof(
          fc.constant([{ group: '', kind: 'Service', name: 'httpbin' }]),
          fc.array(fc.record({ group: edgy, kind: edgy, name: edgy }), { maxLength: 20 }),
          edgy,
        ),
        tcpKeepalive: fc.oneof(
          fc.record({ keepAliveProbes: edgy, keepAliveTime: edgy, keepAliveInterval: edgy }, { requiredKeys: [] }),
          edgy,
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const anyArg = fc.oneof(fc.anything({ maxDepth: 3 }), policyLike, edgy);

test('property: server actions never answer 500 and never write on invalid input', async () => {
  test.setTimeout(240_000);
  const before = await specGenerations();
  const apply = actionId(POLICIES, 'applyPolicyAction');
  const review = actionId(POLICIES, 'reviewPolicy');
  const remove = actionId(POLICIES, 'deletePolicyAction');
  const publish = actionId('app/c/[context]/guide/actions.ts', 'publishWalkthrough');
  const expectRefusal = async (id: string, args: unknown[]) => {
    const r = await callAction(PAGE, id, args, origin);
    expect(r.status, JSON.stringify(args)).toBe(200);
    expect(actionResult(r), JSON.stringify(args)).toMatchObject({
      ok: false,
      error: { kind: expect.any(String), message: expect.any(String) },
    });
  };
  // Apply with a policy the schema rejects, or a bad "loaded" or "force": refused, nothing written.
  await fc.assert(
    fc.asyncProperty(policyLike, fc.oneof(fc.constant({}), anyArg), fc.oneof(fc.constant(false), anyArg), async (input, loaded, force) => {
      fc.pre(
        !keepalivePolicySchema.safeParse(input).success ||
          typeof force !== 'boolean' ||
          (loaded !== undefined && typeof loaded !== 'object'),
      );
      await expectRefusal(apply, [input, loaded, force]);
    }),
    { numRuns: 60 },
  );
  // Review (a dry run) with anything at all: an answer, never a 500; never a write.
  await fc.assert(
    fc.asyncProperty(anyArg, anyArg, async (input, loaded) => {
      const r = await callAction(PAGE, review, [input, loaded], origin);
      expect(r.status, JSON.stringify([input, loaded])).toBe(200);
      expect(actionResult(r)).toHaveProperty('ok');
    }),
    { numRuns: 60 },
  );
  await fc.assert(
    fc.asyncProperty(anyArg, async (target) => {
      fc.pre(
        !(
          target &&
          typeof target === 'object' &&
          'resourceVersion' in target &&
          typeof target.resourceVersion === 'string' &&
          /^[0-9]+$/.test(target.resourceVersion)
        ),
      );
      await expectRefusal(remove, [target]);
    }),
    { numRuns: 60 },
  );
  await fc.assert(
    fc.asyncProperty(anyArg, async (input) => {
      await expectRefusal(publish, [input]);
    }),
    { numRuns: 40 },
  );
  // Bodies no page sends (not JSON, references to parts that are not there, too many arguments):
  // refused with a 400 by the proxy, before Next would answer them with a 500.
  for (const body of ['', 'not json', '[', '{"a":', '[{},{"":"$1"},false]', '["$Q1"]', JSON.stringify(Array(50).fill(0))]) {
    const r = await raw(PAGE, {
      method: 'POST',
      body,
      headers: { ...origin, 'next-action': apply, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component' },
    });
    expect(r.status, body).toBe(400);
  }
  const missing = await callAction(PAGE, apply, [], origin);
  expect(actionResult(missing)).toMatchObject({ ok: false, error: { kind: 'invalid' } });
  expect(await specGenerations()).toBe(before);
});

test('a page without a cluster leads back to the last real cluster the tab showed, never an unknown one', async ({ page }) => {
  await page.goto(`/c/${VIEWER}/services`);
  await expect(page.getByRole('heading', { name: 'Services' })).toBeVisible();
  await page.goto('/c/no-such-context/services');
  await expect(page.getByRole('alert', { name: 'Not found' })).toBeVisible();
  await page.goto('/dumps');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Services', exact: true })).toHaveAttribute(
    'href',
    `/c/${VIEWER}/services`,
  );
});
