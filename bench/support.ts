// What the benchmarks that need the stack share: the stack's kubectl, a production server on a
// port of its own, and the manual way of reading a proxy's dump (kubectl port-forward + curl).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const repo = resolve(import.meta.dirname, '..');
export const kubeconfig = resolve(repo, '.stack/kubeconfig');
export const kubectl = resolve(repo, '.stack/bin/kubectl');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** `next start` on `port` with the stack's kubeconfig, once it answers /api/health. */
export async function startServer(port: number): Promise<ChildProcess> {
  const server = spawn(resolve(repo, 'node_modules/.bin/next'), ['start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: repo,
    env: { ...process.env, KUBECONFIG: kubeconfig },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return server;
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill('SIGTERM');
  throw new Error(`the dashboard did not start on port ${port}`);
}

/**
 * What a user does by hand: `kubectl port-forward` to a free local port, wait for "Forwarding
 * from", `curl -X POST …/config_dump?include_eds`, stop kubectl. Returns the dump's bytes too.
 */
export async function portForwardAndCurl(namespace: string, pod: string): Promise<{ ms: number; body: Buffer; startedAt: number }> {
  const startedAt = performance.now();
  const pf: ChildProcess = spawn(kubectl, ['--kubeconfig', kubeconfig, 'port-forward', '-n', namespace, `pod/${pod}`, ':19000'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const local = await new Promise<number>((done, fail) => {
      let out = '';
      pf.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
        if (m) done(Number(m[1]));
      });
      pf.on('exit', (code) => fail(new Error(`kubectl port-forward exited ${code}`)));
    });
    const curl = spawnSync('curl', ['-sS', '-X', 'POST', `http://127.0.0.1:${local}/config_dump?include_eds`], { maxBuffer: 1 << 30 });
    if (curl.status !== 0) throw new Error(`curl failed: ${curl.stderr}`);
    return { ms: performance.now() - startedAt, body: curl.stdout, startedAt };
  } finally {
    pf.kill('SIGTERM');
  }
}

/** Resident memory of a process, now and at its peak (kB → bytes). */
export function memory(pid: number): { rss: number; peak: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** `next start` runs the server in a child of its own: the one listening is the newest process of the group. */
export function serverPidOf(server: ChildProcess): number {
  return Number(spawnSync('pgrep', ['-n', '-P', String(server.pid)], { encoding: 'utf8' }).stdout.trim()) || server.pid!;
}

/** The first proxy pod of the stack's Gateway `http`. */
export function firstProxyPod(): string {
  const r = spawnSync(
    kubectl,
    [
      '--kubeconfig',
      kubeconfig,
      'get',
      'pods',
      '-n',
      'kgateway-system',
      '-l',
      'gateway.networking.k8s.io/gateway-name=http',
      '-o',
      'jsonpath={.items[0].metadata.name}',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0 || !r.stdout) throw new Error(`no proxy pod: ${r.stderr}`);
  return r.stdout;
}
