// Part of npm run bench, with the stack up, its 10,000-Service scale data and a production build
// (issue 13): a real load generator (autocannon) on loopback against the dashboard.
// 1. 50 browsing clients (the Services, Policies and Gateways pages) and 5 applying clients
//    (the policy form's server-side apply of one policy, again and again) for BENCH_LOAD_SECONDS
//    (60): requests, errors (non-2xx, socket errors, timeouts) and latency per route. autocannon
//    reports p90 and p97.5; p95 lies between them.
// 2. 200 open event streams (each its own browser): the server's memory, and the time until one
//    change made with kubectl reaches all of them, against `kubectl get services --watch` seeing
//    the same change.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { kubeconfig, kubectl, repo, startServer } from './support.ts';

const port = Number(process.env.BENCH_PORT ?? 3304);
const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const streamsWanted = Number(process.env.BENCH_STREAMS ?? 200);
const base = `http://127.0.0.1:${port}`;
const C = '/c/kgateway-local-admin';
const TARGET_MS = 500;

function memoryOf(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
}

/** The policy form's apply, as Next's client posts it (a server action: its id from the build). */
function applyRequest(): { path: string; headers: Record<string, string>; body: string } {
  const manifest = JSON.parse(readFileSync(resolve(repo, '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const id = Object.entries(manifest.node).find(
    ([, v]) => v.filename === 'app/c/[context]/policies/actions.ts' && v.exportedName === 'applyPolicyAction',
  )?.[0];
  if (!id) throw new Error('no applyPolicyAction in the build');
  const policy = {
    metadata: { name: 'load-apply', namespace: 'shop' },
    spec: { targetRefs: [{ group: '', kind: 'Service', name: 'cart' }], tcpKeepalive: { keepAliveProbes: 3 } },
  };
  return {
    path: `${C}/policies/new`,
    headers: { 'next-action': id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', origin: base },
    body: JSON.stringify([policy, {}, false]),
  };
}

interface RouteLoad {
  name: string;
  connections: number;
  request: { path: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string };
}

const routes: RouteLoad[] = [
  { name: 'Services page (10,009 Services)', connections: 20, request: { path: `${C}/services` } },
  { name: 'Policies page', connections: 15, request: { path: `${C}/policies` } },
  { name: 'Gateways page', connections: 15, request: { path: `${C}/gateways` } },
  { name: 'apply a policy (server action)', connections: 5, request: { ...applyRequest(), method: 'POST' } },
];

const services = Number(
  spawnSync(kubectl, ['--kubeconfig', kubeconfig, 'get', 'services', '-A', '--no-headers'], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .stdout.trim()
    .split('\n').length,
);
const server = await startServer(port);
const serverPid = Number(spawnSync('pgrep', ['-n', '-P', String(server.pid)], { encoding: 'utf8' }).stdout.trim()) || server.pid!;
try {
  // 1. Browsing and applying, all at once.
  const results = await Promise.all(
    routes.map(
      (r) =>
        new Promise<autocannon.Result>((done, fail) => {
          autocannon(
            {
              url: base,
              connections: r.connections,
              duration: seconds,
              timeout: 10,
              requests: [{ method: r.request.method ?? 'GET', path: r.request.path, headers: r.request.headers, body: r.request.body }],
            },
            (err, res) => (err ? fail(err) : done(res)),
          );
        }),
    ),
  );
  console.log(`\nLoad: ${routes.reduce((n, r) => n + r.connections, 0)} clients for ${seconds} s, ${services} Services in the cluster`);
  let worst = 0;
  let errors = 0;
  let requests = 0;
  routes.forEach((r, i) => {
    const x = results[i]!;
    // autocannon's `errors` already counts the timeouts.
    const failed = x.errors + x.non2xx;
    errors += failed;
    requests += x.requests.total;
    worst = Math.max(worst, x.latency.p97_5);
    console.log(
      `  ${r.name.padEnd(34)} ${String(x.requests.total).padStart(6)} answers, ${String(failed).padStart(5)} errors (${x.timeouts} timeouts of 10 s), p50 ${x.latency.p50} ms, p90 ${x.latency.p90} ms, p97.5 ${x.latency.p97_5} ms`,
    );
  });
  console.log(`bench: load-errors-per-request: ×${(errors / Math.max(requests, 1)).toFixed(4)}`);
  console.log(`bench: load-worst-route-p97.5-vs-500ms: ×${(worst / TARGET_MS).toFixed(2)}`);

  // 2. 200 event streams, one change.
  const before = memoryOf(serverPid);
  const streams = await Promise.all(
    Array.from({ length: streamsWanted }, async (_, i) => {
      const abort = new AbortController();
      const res = await fetch(`${base}${C}/api/events?kinds=services`, {
        headers: { cookie: `kgd-browser=load-${i}` },
        signal: abort.signal,
      });
      return { reader: res.body!.getReader(), abort };
    }),
  );
  const name = `load-probe-${Date.now()}`;
  const heard = streams.map(async ({ reader }) => {
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return Number.NaN;
      text += decoder.decode(value, { stream: true });
      if (text.includes(`"name":"${name}"`)) return performance.now();
    }
  });
  const watch = spawn(kubectl, ['--kubeconfig', kubeconfig, 'get', 'services', '-n', 'shop', '--watch-only', '-o', 'name'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const watched = new Promise<number>((done) => {
    watch.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes(name)) done(performance.now());
    });
  });
  await new Promise((r) => setTimeout(r, 1500)); // the watch is open
  const during = memoryOf(serverPid);
  const t0 = performance.now();
  spawnSync(kubectl, ['--kubeconfig', kubeconfig, 'create', 'service', 'clusterip', name, '-n', 'shop', '--tcp=80:80']);
  const [kubectlAt, ...at] = await Promise.all([
    watched,
    ...heard.map((h) => Promise.race([h, new Promise<number>((r) => setTimeout(() => r(Number.NaN), 30_000))])),
  ]);
  watch.kill('SIGTERM');
  for (const s of streams) s.abort.abort();
  spawnSync(kubectl, ['--kubeconfig', kubeconfig, 'delete', 'service', name, '-n', 'shop', '--ignore-not-found']);
  const reached = at.filter((x) => !Number.isNaN(x));
  const all = Math.max(...reached) - t0;
  const k = kubectlAt - t0;
  console.log(
    `\n${streamsWanted} open event streams: server memory ${(before / 1048576).toFixed(0)} MB before, ${(during / 1048576).toFixed(0)} MB with them open`,
  );
  console.log(`  kubectl get services --watch sees the change (baseline)   ${k.toFixed(0)} ms   ×1.00`);
  console.log(
    `  the change reaches all ${reached.length} of ${streamsWanted} streams            ${all.toFixed(0)} ms   ×${(all / k).toFixed(2)}`,
  );
  console.log(`bench: change-to-200-streams-vs-kubectl-watch: ×${(all / k).toFixed(2)}`);
  console.log(`bench: memory-with-200-streams-vs-without: ×${(during / before).toFixed(2)}`);
} finally {
  server.kill('SIGTERM');
  spawnSync(kubectl, ['--kubeconfig', kubeconfig, 'delete', 'backendconfigpolicy', 'load-apply', '-n', 'shop', '--ignore-not-found']);
}
