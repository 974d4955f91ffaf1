// Part of npm run bench, with the stack up and a production build:
// 1. the dashboard's fetch of a proxy's config dump (port-forward through the API server, POST
//    /config_dump?include_eds) against what a user does by hand: `kubectl port-forward` to the
//    same pod, then `curl -X POST`. Interleaved, median of the rounds, same run.
// 2. the whole-dump viewer on a 200 MB dump: time to the first lines drawn, to a regex search
//    match at the end of the file, against JSON.parse of the same file in the same browser (what a
//    viewer that parses before drawing pays before showing anything).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { makeDump } from './make-dump.ts';
import { firstProxyPod, median, portForwardAndCurl, startServer } from './support.ts';

const port = Number(process.env.BENCH_PORT ?? 3301);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const viewerMb = Number(process.env.BENCH_VIEWER_MB ?? 200);
const base = `http://127.0.0.1:${port}`;

async function byHand(pod: string): Promise<{ ms: number; bytes: number }> {
  const { ms, body } = await portForwardAndCurl('kgateway-system', pod);
  return { ms, bytes: body.length };
}

async function byDashboard(pod: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  // Read through the API server and kept (one port-forward, one parse), then the whole text.
  const kept = await fetch(`${base}/c/kgateway-local-admin/api/gateways/kgateway-system/http/dump?pod=${pod}`);
  if (!kept.ok) throw new Error(`dashboard answered ${kept.status}`);
  const { value } = (await kept.json()) as { value: { id: string } };
  const res = await fetch(`${base}/c/kgateway-local-admin/api/dumps/${value.id}?part=raw`);
  const body = await res.arrayBuffer();
  if (!res.ok) throw new Error(`dashboard answered ${res.status}`);
  return { ms: performance.now() - t0, bytes: body.byteLength };
}

const server = await startServer(port);
const dir = mkdtempSync(join(tmpdir(), 'viewer-bench-'));
try {
  const pod = firstProxyPod();
  await byDashboard(pod);
  await byHand(pod); // warm-up
  const dash: number[] = [],
    hand: number[] = [];
  let bytes = 0;
  for (let r = 0; r < rounds; r++) {
    hand.push((await byHand(pod)).ms);
    const d = await byDashboard(pod);
    dash.push(d.ms);
    bytes = d.bytes;
  }
  const [d, h] = [median(dash), median(hand)];
  console.log(`\nFetching a proxy's config dump (${pod}, ${(bytes / 1024).toFixed(0)} KiB), median of ${rounds}`);
  console.log(`  ${'kubectl port-forward + curl -X POST (baseline)'.padEnd(52)} ${h.toFixed(0).padStart(7)} ms   ×1.00`);
  console.log(`  ${'dashboard fetch through the API server'.padEnd(52)} ${d.toFixed(0).padStart(7)} ms   ×${(d / h).toFixed(2)}`);

  const { text, clusters, target } = makeDump(viewerMb);
  const file = join(dir, `dump-${viewerMb}.json`);
  writeFileSync(file, text);
  const last = `kube_${target.ns}_${target.svc}_${target.port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const page = await browser.newPage();
  await page.goto(`${base}/dumps`);
  const input = page.locator('input[type=file]').first();
  await input.setInputFiles(file);
  // Baseline: what parsing the same file costs this browser, nothing drawn.
  const parseMs = await input.evaluate(async (el: HTMLInputElement) => {
    const t = await el.files![0]!.text();
    const t0 = performance.now();
    JSON.parse(t);
    return performance.now() - t0;
  });
  await page.reload();
  const t0 = performance.now();
  await page.locator('input[type=file]').first().setInputFiles(file);
  await page.locator('.cm-line').first().waitFor({ timeout: 600_000 });
  const drawn = performance.now() - t0;
  await page.getByRole('searchbox', { name: 'Search the dump' }).fill(`"name": "${last}"`);
  const t1 = performance.now();
  await page.getByRole('button', { name: 'Find next' }).click();
  await page
    .getByRole('status', { name: 'Search result' })
    .filter({ hasText: /match on line|no match/ })
    .waitFor({ timeout: 600_000 });
  const searched = performance.now() - t1;
  const found = await page.getByRole('status', { name: 'Search result' }).textContent();
  const t2 = performance.now();
  await page.evaluate(() => {
    const s = document.querySelector('.cm-scroller')!;
    s.scrollTop = s.scrollHeight / 2;
  });
  await page.waitForFunction(
    () => document.querySelectorAll('.cm-line').length > 0 && document.querySelector('.cm-scroller')!.scrollTop > 0,
  );
  const scrolled = performance.now() - t2;
  await browser.close();
  console.log(`\nWhole-dump viewer on a ${(text.length / 1048576).toFixed(0)} MB dump (${clusters} clusters), one run in Chromium`);
  console.log(`  ${'JSON.parse of the file in the browser (baseline)'.padEnd(52)} ${parseMs.toFixed(0).padStart(7)} ms   ×1.00`);
  console.log(
    `  ${'file picked → first lines drawn (read, index, draw)'.padEnd(52)} ${drawn.toFixed(0).padStart(7)} ms   ×${(drawn / parseMs).toFixed(2)}`,
  );
  console.log(
    `  ${`search for the last cluster (${found})`.padEnd(52)} ${searched.toFixed(0).padStart(7)} ms   ×${(searched / parseMs).toFixed(2)}`,
  );
  console.log(
    `  ${'scroll to the middle, lines drawn'.padEnd(52)} ${scrolled.toFixed(0).padStart(7)} ms   ×${(scrolled / parseMs).toFixed(2)}`,
  );
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
