// Part of npm run bench, with the stack up and a production build: how long a change made with
// kubectl takes to show in an open Services page (the server's shared watch → Server-Sent Events
// → the one row patched in the browser), against `kubectl get services --watch` seeing the same change (the API server's
// own watch latency: the floor). Interleaved: each round creates one Service that both observe.
import { spawn, spawnSync } from 'node:child_process';
import { chromium } from 'playwright';
import { kubeconfig, kubectl, median, startServer } from './support.ts';
const port = Number(process.env.BENCH_PORT ?? 3302);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const base = `http://127.0.0.1:${port}`;
const NS = 'shop';

const k = (...args: string[]) => spawnSync(kubectl, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });

const server = await startServer(port);
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage();
  await page.goto(`${base}/c/kgateway-local-admin/services?ns=${NS}`);
  await page.getByRole('status', { name: 'Live updates' }).filter({ hasText: 'Live' }).waitFor();
  const watch = spawn(
    kubectl,
    ['--kubeconfig', kubeconfig, 'get', 'services', '-n', NS, '--watch', '--output-watch-events', '-o', 'name'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let watched = '';
  watch.stdout.on('data', (d: Buffer) => {
    watched += d.toString();
  });
  await new Promise((r) => setTimeout(r, 1000));
  // The moment the change event reaches the page, before its row is drawn.
  await page.evaluate(() => {
    const w = window as unknown as { arrived: Record<string, number> };
    w.arrived = {};
    window.addEventListener('kgw:change', (e) => {
      w.arrived[(e as CustomEvent<{ name: string }>).detail.name] ??= Date.now();
    });
  });
  const kube: number[] = [],
    event: number[] = [],
    dash: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const name = `bench-live-${Date.now()}`;
    const wall0 = Date.now();
    const t0 = performance.now();
    const seenByKubectl = (async () => {
      while (!watched.includes(`service/${name}`)) await new Promise((res) => setTimeout(res, 5));
      return performance.now() - t0;
    })();
    const seenByPage = page
      .getByRole('row')
      .filter({ hasText: name })
      .waitFor({ timeout: 30_000 })
      .then(() => performance.now() - t0);
    k('create', 'service', 'clusterip', name, '-n', NS, '--tcp=80:80');
    kube.push(await seenByKubectl);
    dash.push(await seenByPage);
    event.push((await page.evaluate((n) => (window as unknown as { arrived: Record<string, number> }).arrived[n]!, name)) - wall0);
    k('delete', 'service', name, '-n', NS, '--wait=false');
    await new Promise((res) => setTimeout(res, 1500));
  }
  watch.kill('SIGTERM');
  await browser.close();
  const [m, e, d] = [median(kube), median(event), median(dash)];
  console.log(`\nLive updates: kubectl create service → seen, median of ${rounds} (same change observed by both)`);
  console.log(`  ${'kubectl get services --watch prints it (baseline)'.padEnd(52)} ${m.toFixed(0).padStart(7)} ms   ×1.00`);
  console.log(`  ${'the change event reaches the open page'.padEnd(52)} ${e.toFixed(0).padStart(7)} ms   ×${(e / m).toFixed(2)}`);
  console.log(
    `  ${'its row appears in the page (patched from the event)'.padEnd(52)} ${d.toFixed(0).padStart(7)} ms   ×${(d / m).toFixed(2)}`,
  );
  console.log(`bench: row-after-change-vs-kubectl-watch: ×${(d / m).toFixed(2)}`);
} finally {
  server.kill('SIGTERM');
}
