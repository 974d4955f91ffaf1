// Part of npm run bench, with the stack up, its 10,000-Service scale data and a production build
// (issue 13): a real load generator (autocannon) on loopback against the dashboard.
// 1. 50 browsing clients (the Services page and its rows, Policies and Gateways pages) and 5
//    applying clients (the policy form's server-side apply of one policy, again and again), each
//    one request a second, for BENCH_LOAD_SECONDS (60): requests, errors (non-2xx, socket errors,
//    timeouts) and latency per route (p50, p95, p99 of every answer's time).
//    Then the same clients with no pause (saturation), for what one process can take.
// 2. 200 open event streams (each its own browser): the server's memory, and the time until one
//    change made with kubectl reaches all of them, against `kubectl get services --watch` seeing
//    the same change.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { kubeconfig, kubectl, memory, repo, serverPidOf, startServer } from './support.ts';

const port = Number(process.env.BENCH_PORT ?? 3304);
const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const streamsWanted = Number(process.env.BENCH_STREAMS ?? 200);
const base = `http://127.0.0.1:${port}`;
const C = '/c/kgateway-local-admin';
const TARGET_MS = 500;

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

// As a browser asks: gzip accepted. A browser opening the Services page fetches its rows as well.
const GZIP = { 'accept-encoding': 'gzip' };
const routes: RouteLoad[] = [
  { name: 'Services page (10,009 Services)', connections: 15, request: { path: `${C}/services`, headers: GZIP } },
  { name: 'its rows (all, one JSON)', connections: 5, request: { path: `${C}/api/services/rows`, headers: GZIP } },
  { name: 'Policies page', connections: 15, request: { path: `${C}/policies`, headers: GZIP } },
  { name: 'Gateways page', connections: 15, request: { path: `${C}/gateways`, headers: GZIP } },
  { name: 'apply a policy (server action)', connections: 5, request: { ...applyRequest(), method: 'POST' } },
];

const services = Number(
  spawnSync(kubectl, ['--kubeconfig', kubeconfig, 'get', 'services', '-A', '--no-headers'], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .stdout.trim()
    .split('\n').length,
);
const server = await startServer(port);
const serverPid = serverPidOf(server);
try {
  // Each route once first: the server lists what it caches (lib/k8s/list-cache.ts) at its first view.
  const fresh = memory(serverPid).rss;
  const warm = Date.now();
  for (const r of routes.filter((x) => !x.request.method)) await fetch(`${base}${r.request.path}`, { headers: r.request.headers });
  const cached = memory(serverPid).rss;
  console.log(
    `\nWarm-up (each route once, in turn, on a fresh server): ${Date.now() - warm} ms; server memory ${(fresh / 1048576).toFixed(0)} MB before, ${(cached / 1048576).toFixed(0)} MB with the informers filled`,
  );
  console.log(`bench: memory-with-informers-vs-fresh-server: ×${(cached / fresh).toFixed(2)}`);

  /** Per route: answers, failures, and every answer's time (autocannon reports p90 and p97.5, not p95). */
  type Timed = { total: number; failed: number; timeouts: number; times: number[] };
  const once = (r: RouteLoad, connections: number, duration: number, rate: number | undefined, times: number[]) =>
    new Promise<autocannon.Result>((done, fail) => {
      const instance = autocannon(
        {
          url: base,
          connections,
          duration,
          timeout: 10,
          ...(rate && { connectionRate: rate }),
          requests: [{ method: r.request.method ?? 'GET', path: r.request.path, headers: r.request.headers, body: r.request.body }],
        },
        (err, result) => (err ? fail(err) : done(result)),
      );
      instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
    });
  /**
   * All routes at once for `duration` s. With `rate` (requests per second per client) each client
   * is its own generator, started at its own moment within the first second, as people are: not
   * every client at the same instant each second. Without it, no pause at all.
   */
  const run = async (duration: number, rate?: number): Promise<Timed[]> => {
    const clients = routes.reduce((n, r) => n + r.connections, 0);
    let started = 0;
    return Promise.all(
      routes.map(async (r) => {
        const times: number[] = [];
        const results = rate
          ? await Promise.all(
              Array.from({ length: r.connections }, async () => {
                await new Promise((wait) => setTimeout(wait, (started++ / clients) * (1000 / rate)));
                return once(r, 1, duration, rate, times);
              }),
            )
          : [await once(r, r.connections, duration, undefined, times)];
        return {
          total: results.reduce((n, x) => n + x.requests.total, 0),
          // autocannon's `errors` already counts the timeouts.
          failed: results.reduce((n, x) => n + x.errors + x.non2xx, 0),
          timeouts: results.reduce((n, x) => n + x.timeouts, 0),
          times,
        };
      }),
    );
  };
  const percentile = (times: number[], p: number) => {
    const sorted = [...times].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
  };
  const report = (results: Timed[]) => {
    let worst = 0;
    let errors = 0;
    let requests = 0;
    routes.forEach((r, i) => {
      const x = results[i]!;
      errors += x.failed;
      requests += x.total;
      const p95 = percentile(x.times, 95);
      worst = Math.max(worst, p95);
      console.log(
        `  ${r.name.padEnd(34)} ${String(x.total).padStart(6)} answers, ${String(x.failed).padStart(5)} errors (${x.timeouts} timeouts of 10 s), p50 ${percentile(x.times, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, p99 ${percentile(x.times, 99).toFixed(0)} ms`,
      );
    });
    return { worst, errors, requests };
  };

  // 1. People browsing: each client asks for a page, reads it, asks again — one request a second,
  //    faster than anyone clicks. The targets (no errors, p95 < 500 ms) are judged here, on
  //    every answer's time.
  const clients = routes.reduce((n, r) => n + r.connections, 0);
  const browsing = await run(seconds, 1);
  console.log(`\nLoad: ${clients} clients, one request a second each, for ${seconds} s, ${services} Services in the cluster`);
  const b = report(browsing);
  console.log(`bench: load-errors-per-request: ×${(b.errors / Math.max(b.requests, 1)).toFixed(4)}`);
  console.log(`bench: load-worst-route-p95-vs-500ms: ×${(b.worst / TARGET_MS).toFixed(2)}`);

  // 1b. Saturation: the same clients with no pause at all, for what one server process can take.
  const saturated = await run(Math.min(seconds, 30));
  const served = saturated.reduce((n, x) => n + x.total, 0) / Math.min(seconds, 30);
  console.log(`\nSaturation: the same ${clients} clients with no pause, ${Math.min(seconds, 30)} s: ${served.toFixed(0)} answers a second`);
  const sat = report(saturated);
  console.log(`bench: saturation-worst-route-p95-vs-500ms: ×${(sat.worst / TARGET_MS).toFixed(2)}`);

  // 2. 200 event streams, one change.
  const before = memory(serverPid).rss;
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
  const during = memory(serverPid).rss;
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
