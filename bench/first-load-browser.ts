// Part of npm run bench, with the stack up and a production build: the JavaScript a real browser
// downloads when it opens each route and is left alone, counted on the wire (gzip, as `next start`
// serves it). first-load-js.ts counts what the build's manifests name; this counts what Chromium
// actually fetched from the load event until 3 s after it, so a chunk loaded right after
// hydration, or by a read the page starts by itself, is counted too. Only a click loads more.
// The baseline, in the same run: the signed-out page, which has nothing of the dashboard but its
// layout. The budget (issue 13) is 150 KiB on every route.
import { spawnSync } from 'node:child_process';
import { chromium, type Page } from 'playwright';
import { firstProxyPod, kubeconfig, kubectl, startServer } from './support.ts';

const BUDGET_KIB = 150;
const SETTLE_MS = 3_000;
const port = Number(process.env.BENCH_PORT ?? 3305);
const base = `http://127.0.0.1:${port}`;
const C = '/c/kgateway-local-admin';
const POLICY = 'bench-first-load';
const RICH = 'bench-first-load-rich';

function kube(args: string[], input?: string): string {
  const r = spawnSync(kubectl, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// The guide's policy, keepalive only (what a policy page shows most often), and one that sets
// sections beyond it, whose field editors are on screen at once and load with the page.
const policy = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'gateway.kgateway.dev/v1alpha1',
  kind: 'BackendConfigPolicy',
  metadata: { name, namespace: 'httpbin' },
  spec: { targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }], ...spec },
});
const keepalive = { tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' } };
kube(
  ['apply', '-f', '-'],
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [policy(POLICY, keepalive), policy(RICH, { ...keepalive, connectTimeout: '5s', loadBalancer: { roundRobin: {} } })],
  }),
);
const pod = firstProxyPod();

const routes: [string, string][] = [
  ['signed-out (baseline)', '/auth/signed-out'],
  ['cluster overview', C],
  ['Services', `${C}/services`],
  ['policies', `${C}/policies`],
  ['policy page', `${C}/policies/httpbin/${POLICY}`],
  ['policy page, sections set', `${C}/policies/httpbin/${RICH}`],
  ['new policy', `${C}/policies/new?namespace=httpbin&service=httpbin`],
  ['Gateways', `${C}/gateways`],
  ['Gateway page', `${C}/gateways/kgateway-system/http`],
  ['kept dump', `${C}/dumps/latest?${new URLSearchParams({ gateway: 'kgateway-system/http', pod })}`],
  ['guide', `${C}/guide`],
  ['offline dump', '/dumps'],
  ['snapshots', '/snapshots'],
];

async function scriptBytes(page: Page, path: string): Promise<{ bytes: number; files: number }> {
  const pending: Promise<number>[] = [];
  const onResponse = (res: import('playwright').Response) => {
    if (res.request().resourceType() === 'script' && res.url().startsWith(base))
      pending.push(
        res
          .finished()
          .then(() => res.request().sizes())
          .then((s) => s.responseBodySize),
      );
  };
  page.on('response', onResponse);
  const res = await page.goto(`${base}${path}`, { waitUntil: 'load' });
  if (!res || res.status() >= 400) throw new Error(`${path} answered ${res?.status()}`);
  await page.waitForTimeout(SETTLE_MS);
  page.off('response', onResponse);
  const sizes = await Promise.all(pending);
  return { bytes: sizes.reduce((n, b) => n + b, 0), files: sizes.length };
}

const server = await startServer(port);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const results: { name: string; path: string; bytes: number; files: number }[] = [];
  for (const [name, path] of routes) {
    // A new context each time: an empty cache, as a first visit has.
    const context = await browser.newContext();
    const page = await context.newPage();
    results.push({ name, path, ...(await scriptBytes(page, path)) });
    await context.close();
  }
  const kib = (b: number) => b / 1024;
  const baseline = results[0]!.bytes;
  console.log(
    `\nJavaScript Chromium downloads on opening each route, until ${SETTLE_MS / 1000} s after load (on the wire; budget ${BUDGET_KIB} KiB)`,
  );
  for (const r of [...results].sort((a, b) => b.bytes - a.bytes)) {
    const over = kib(r.bytes) > BUDGET_KIB ? '  over the budget' : '';
    console.log(
      `  ${kib(r.bytes).toFixed(1).padStart(6)} KiB in ${String(r.files).padStart(2)} files  ×${(r.bytes / baseline).toFixed(2)} of signed-out  ${r.name}${over}`,
    );
  }
  const largest = results.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  console.log(`bench: first-load-js-in-browser-largest-route-vs-signed-out: ×${(largest.bytes / baseline).toFixed(2)} (${largest.name})`);
  console.log(`bench: first-load-js-in-browser-largest-route-vs-150KiB-budget: ×${(kib(largest.bytes) / BUDGET_KIB).toFixed(2)}`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  kube(['delete', 'backendconfigpolicy', '-n', 'httpbin', POLICY, RICH, '--ignore-not-found']);
}
