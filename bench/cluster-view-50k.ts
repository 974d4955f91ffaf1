// Part of npm run bench, with the stack up and a production build (issue 13): one cluster on an
// Envoy at gateway scale (e2e/stack/scale-envoy.sh: 50,000 clusters with endpoints, a pod of
// Gateway gateway-scale/scale, read through the API server's port-forward).
// - The manual way, the baseline: `kubectl port-forward` to the pod, `curl -X POST
//   /config_dump?include_eds`, and a `jq` select of the cluster, as kgateway's guide does it.
// - The dashboard, as the issue measures it: on the open Gateway page, from "Fetch again" until
//   the answer's cluster is on screen with the policy's lines lit. Also: a browser opening the
//   page, timed until those lines are lit.
// Interleaved, median of the rounds, same run. Also: bytes Envoy sends per view against the
// whole dump, and the dashboard server's peak memory (VmHWM) against its memory after start.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import { kubeconfig, kubectl, median, memory, portForwardAndCurl, repo, serverPidOf, startServer } from './support.ts';

const port = Number(process.env.BENCH_PORT ?? 3303);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const base = `http://127.0.0.1:${port}`;
const NS = 'gateway-scale';
const CLUSTER = 'kube_scale-0999_svc-49_8080';
const VIEW = `/c/kgateway-local-admin/gateways/${NS}/scale?service=scale-0999/svc-49&port=8080`;

const k = (args: string[], input?: string) => spawnSync(kubectl, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', input });

async function byHand(pod: string): Promise<{ ms: number; bytes: number }> {
  const { body, startedAt } = await portForwardAndCurl(NS, pod);
  const jq = spawnSync(
    'jq',
    [
      '-c',
      `.configs[] | select(."@type" | endswith("ClustersConfigDump")) | .dynamic_active_clusters[] | select(.cluster.name == "${CLUSTER}")`,
    ],
    { input: body, maxBuffer: 1 << 30 },
  );
  if (jq.status !== 0 || !jq.stdout.toString().includes(CLUSTER)) throw new Error(`jq found no ${CLUSTER}: ${jq.stderr}`);
  return { ms: performance.now() - startedAt, bytes: body.length };
}

if (spawnSync('bash', [resolve(repo, 'e2e/stack/scale-envoy.sh'), 'start'], { stdio: 'inherit' }).status !== 0) {
  throw new Error('the scale Envoy did not start (e2e/stack/scale-envoy.sh start)');
}
const pod = readFileSync(resolve(repo, '.stack/run/scale-envoy/pod'), 'utf8').trim();
// A policy on the Service, so that the view has lines to light (the generated cluster holds its keepalive).
k(
  ['apply', '--server-side', '-f', '-'],
  `apiVersion: gateway.kgateway.dev/v1alpha1
kind: BackendConfigPolicy
metadata: { name: scale-keepalive, namespace: scale-0999 }
spec:
  targetRefs: [ { group: "", kind: Service, name: svc-49 } ]
  tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: 30s, keepAliveInterval: 5s }
`,
);
const server = await startServer(port);
try {
  const serverPid = serverPidOf(server);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const context = await browser.newContext();
  const open = async () => {
    const page = await context.newPage();
    const t0 = performance.now();
    // Timed until the lines are on screen, not until every script has loaded.
    await page.goto(`${base}${VIEW}`, { waitUntil: 'commit' });
    await page.getByTestId(`cluster-json-${pod}`).locator('.hl').filter({ hasText: '"keepalive_time": 30' }).waitFor({ timeout: 120_000 });
    const ms = performance.now() - t0;
    await page.close();
    return ms;
  };
  // The measure: on the open page, from pressing "Fetch again" until the answer is on
  // screen with the policy's lines lit (the button is disabled while the fetch runs).
  const page = await context.newPage();
  await page.goto(`${base}${VIEW}`);
  const lit = page.getByTestId(`cluster-json-${pod}`).locator('.hl').filter({ hasText: '"keepalive_time": 30' });
  await lit.waitFor({ timeout: 120_000 });
  await page.getByRole('status', { name: 'Live updates' }).filter({ hasText: 'Live' }).waitFor(); // hydrated
  const again = page.getByRole('button', { name: 'Fetch again' });
  const fetchAgain = async () => {
    const answered = page.waitForResponse((r) => r.url().includes('/inspect?'));
    const t0 = performance.now();
    await again.click();
    await answered; // the answer has begun: the button stays disabled until its view is shown
    await again.and(page.locator(':enabled')).waitFor();
    await lit.waitFor();
    return performance.now() - t0;
  };
  await open(); // warm-up: the page's code, the API server connection
  await fetchAgain();
  const afterStart = memory(serverPid).rss;
  await byHand(pod);
  const dash: number[] = [];
  const fetched: number[] = [];
  const hand: number[] = [];
  let whole = 0;
  for (let r = 0; r < rounds; r++) {
    const h = await byHand(pod);
    hand.push(h.ms);
    whole = h.bytes;
    dash.push(await open());
    fetched.push(await fetchAgain());
  }
  await page.close();
  // Bytes Envoy sent for one view, as the server reports them.
  const answer = await (
    await fetch(`${base}/c/kgateway-local-admin/api/gateways/${NS}/scale/inspect?service=scale-0999/svc-49&port=8080`)
  ).text();
  const read = Number(/"readBytes":(\d+)/.exec(answer)?.[1]);
  const peak = memory(serverPid).peak;
  await browser.close();
  const [d, f, h] = [median(dash), median(fetched), median(hand)];
  console.log(
    `\nOne cluster on an Envoy holding 50,000 clusters (${pod}; whole dump ${(whole / 1048576).toFixed(0)} MB), median of ${rounds}`,
  );
  console.log(`  ${'kubectl port-forward + curl -X POST + jq select (baseline)'.padEnd(60)} ${h.toFixed(0).padStart(7)} ms   ×1.00`);
  console.log(
    `  ${'dashboard: "Fetch again" → policy lines lit on screen'.padEnd(60)} ${f.toFixed(0).padStart(7)} ms   ×${(f / h).toFixed(3)}`,
  );
  console.log(
    `  ${'dashboard: open the page → policy lines lit on screen'.padEnd(60)} ${d.toFixed(0).padStart(7)} ms   ×${(d / h).toFixed(3)}`,
  );
  console.log(`  bytes Envoy sent per view: ${read} (the whole dump: ${whole}), ×${(read / whole).toFixed(6)}`);
  console.log(
    `  dashboard server memory: ${(afterStart / 1048576).toFixed(0)} MB after the first view, peak ${(peak / 1048576).toFixed(0)} MB over the run (the whole dump is ${(whole / 1048576).toFixed(0)} MB)`,
  );
  console.log(`bench: cluster-view-50k-vs-manual: ×${(f / h).toFixed(3)}`);
  console.log(`bench: cluster-view-50k-open-page-vs-manual: ×${(d / h).toFixed(3)}`);
  console.log(`bench: bytes-per-view-50k-vs-whole-dump: ×${(read / whole).toFixed(6)}`);
  // The server never holds the dump: its peak over the run against its memory after the first view.
  console.log(`bench: server-peak-memory-50k-vs-after-first-view: ×${(peak / afterStart).toFixed(2)}`);
} finally {
  server.kill('SIGTERM');
  k(['delete', 'backendconfigpolicy', 'scale-keepalive', '-n', 'scale-0999', '--ignore-not-found']);
  // The stack as it was: a third Gateway would change what the tests count.
  spawnSync('bash', [resolve(repo, 'e2e/stack/scale-envoy.sh'), 'stop'], { stdio: 'inherit' });
}
