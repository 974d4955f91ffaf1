// Part of npm run bench: time to first rows of the Services page with 10,000 Services in 1,000
// namespaces, against the baseline of `kubectl get svc -A` on the same stack, measured in turns
// in the same run. Needs the stack up with its scale data and a production build (scripts/bench.sh).
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright';
import { kubeconfig, kubectl, median, startServer } from './support.ts';
const port = Number(process.env.BENCH_PORT ?? 3300);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

function kubectlGetSvc(): { ms: number; lines: number } {
  const t0 = performance.now();
  const r = spawnSync(kubectl, ['--kubeconfig', kubeconfig, 'get', 'svc', '-A'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`kubectl get svc -A failed: ${r.stderr}`);
  return { ms: performance.now() - t0, lines: r.stdout.split('\n').length - 2 };
}

const server = await startServer(port);
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const page = await browser.newPage();
  const firstRows = async () => {
    const t0 = performance.now();
    await page.goto(`http://127.0.0.1:${port}/c/kgateway-local-admin/services`, { waitUntil: 'commit' });
    await page.getByRole('row').first().waitFor();
    const ms = performance.now() - t0;
    const status = await page.getByRole('status').first().textContent();
    return { ms, status };
  };
  await firstRows();
  kubectlGetSvc(); // warm-up
  const dash: number[] = [],
    kube: number[] = [];
  let status = '',
    lines = 0;
  for (let r = 0; r < rounds; r++) {
    const k = kubectlGetSvc();
    kube.push(k.ms);
    lines = k.lines;
    const d = await firstRows();
    dash.push(d.ms);
    status = d.status ?? '';
  }
  await browser.close();
  const [d, k] = [median(dash), median(kube)];
  console.log(`\nServices page, time to first rows (${status}; kubectl listed ${lines} Services), median of ${rounds}`);
  console.log(`  ${'kubectl get svc -A (baseline)'.padEnd(48)} ${k.toFixed(0).padStart(7)} ms   ×1.00`);
  console.log(`  ${'dashboard /services, first row visible'.padEnd(48)} ${d.toFixed(0).padStart(7)} ms   ×${(d / k).toFixed(2)}`);
} finally {
  server.kill('SIGTERM');
}
