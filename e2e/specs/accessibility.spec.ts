import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { hydrated } from '../support/hydrated';
import { kubectl, kubectlOk } from '../support/stack';

// axe-core on every page, in the light and the dark theme: no serious or critical violation of
// WCAG 2.1 A/AA (contrast included). Pages are checked in the state people use them: loaded,
// with a dump or a snapshot open.

const NS = 'httpbin';
const NAME = 'a11y-keepalive';
const policy = `apiVersion: gateway.kgateway.dev/v1alpha1
kind: BackendConfigPolicy
metadata: { name: ${NAME}, namespace: ${NS} }
spec:
  targetRefs: [ { group: "", kind: Service, name: httpbin } ]
  tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: 30s, keepAliveInterval: 5s }
`;
const GATEWAY = '/gateways/kgateway-system/http?service=httpbin/httpbin&port=8000';

async function check(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`)
        .join('\n')}`,
  );
  expect.soft(report, `${what}: axe violations`).toEqual([]);
}

const pages: { name: string; open: (page: Page) => Promise<void> }[] = [
  {
    name: 'cluster',
    open: async (p) => {
      await p.goto('/');
      await expect(p.getByRole('heading', { level: 1 })).toBeVisible();
    },
  },
  {
    name: 'services',
    open: async (p) => {
      await p.goto('/services?selected=httpbin/httpbin');
      await expect(p.getByRole('row').first()).toBeVisible();
    },
  },
  {
    name: 'policies',
    open: async (p) => {
      await p.goto('/policies');
      await expect(p.getByRole('list', { name: 'Policies' })).toBeVisible();
    },
  },
  {
    name: 'new policy',
    open: async (p) => {
      await p.goto('/policies/new?namespace=httpbin&service=httpbin');
      await expect(p.getByLabel('keepAliveTime')).toBeVisible();
    },
  },
  {
    name: 'edit policy',
    open: async (p) => {
      await p.goto(`/policies/${NS}/${NAME}`);
      await expect(p.getByTestId('policy-status').first()).toBeVisible();
    },
  },
  {
    name: 'gateways',
    open: async (p) => {
      await p.goto('/gateways');
      await expect(p.getByRole('listitem', { name: 'kgateway-system/http' })).toBeVisible();
    },
  },
  {
    name: 'gateway view',
    open: async (p) => {
      await p.goto(GATEWAY);
      await expect(p.getByTestId('replica-summary')).toBeVisible();
    },
  },
  {
    name: 'fetched dump',
    open: async (p) => {
      await p.goto(GATEWAY);
      await hydrated(p);
      await p.getByRole('link', { name: 'Browse the whole dump' }).first().click();
      await expect(p.getByTestId('slice-json')).toBeVisible();
      await p.getByRole('button', { name: /Open the whole dump/ }).click();
      await expect(p.getByTestId('dump-viewer')).toBeVisible();
    },
  },
  {
    name: 'open dump',
    open: async (p) => {
      await p.goto('/dumps');
      await p.locator('input[type=file]').first().setInputFiles('fixtures/envoy/config-dump-httpbin-keepalive.json');
      await p.getByRole('searchbox', { name: 'Find a cluster' }).fill('kube_httpbin_httpbin_8000');
      await p.getByRole('row').filter({ hasText: 'kube_httpbin_httpbin_8000' }).click();
      await expect(p.getByTestId('offline-keepalive')).toBeVisible();
    },
  },
  ...[1, 2, 3, 4, 5, 6].map((step) => ({
    name: `guide step ${step}`,
    open: async (p: Page) => {
      await p.goto(`/guide?service=httpbin/httpbin&port=8000&policy=${NAME}&step=${step}`);
      await expect(p.getByRole('heading', { name: new RegExp(`^Step ${step} of 6`) })).toBeVisible();
      if (step >= 4) await expect(p.getByTestId('replica-summary')).toBeVisible();
    },
  })),
  {
    name: 'guide, presenter layout',
    open: async (p) => {
      await p.goto(`/guide?service=httpbin/httpbin&port=8000&policy=${NAME}&step=2&present=1`);
      await expect(p.getByRole('heading', { name: /^Step 2/ })).toBeVisible();
    },
  },
  {
    name: 'snapshots',
    open: async (p) => {
      await p.goto('/snapshots');
      await expect(p.getByRole('heading', { level: 1 })).toBeVisible();
    },
  },
];

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  await kubectlOk(['apply', '-f', '-'], { input: policy });
});
test.afterAll(async () => {
  await kubectl(['delete', 'backendconfigpolicy', NAME, '-n', NS, '--ignore-not-found']);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`every page passes axe in the ${scheme} theme`, async ({ page }, info) => {
    info.setTimeout(300_000);
    await page.emulateMedia({ colorScheme: scheme });
    for (const p of pages) {
      await test.step(p.name, async () => {
        await p.open(page);
        await check(page, `${p.name} (${scheme})`);
      });
    }
  });
}
