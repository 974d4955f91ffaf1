import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

// Talks to the local control plane the way a user's shell would: kubectl and Envoy's admin API
// through `kubectl port-forward`. Used by specs that prove the stack itself works.

const repo = resolve(import.meta.dirname, '../..');
export const stackDir = resolve(repo, '.stack');
export const adminKubeconfig = resolve(stackDir, 'kubeconfig');
export const viewerKubeconfig = resolve(stackDir, 'kubeconfig-viewer');
const kubectlPath = resolve(stackDir, 'bin/kubectl');

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function kubectl(args: string[], opts: { kubeconfig?: string; input?: string } = {}): Promise<KubectlResult> {
  const child = execFile(kubectlPath, ['--kubeconfig', opts.kubeconfig ?? adminKubeconfig, ...args]);
  if (opts.input !== undefined) child.stdin?.end(opts.input);
  else child.stdin?.end();
  let stdout = '',
    stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d;
  });
  const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? 1)));
  return { code, stdout, stderr };
}

export async function kubectlOk(args: string[], opts: { kubeconfig?: string; input?: string } = {}): Promise<string> {
  const r = await kubectl(args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** Runs `kubectl port-forward <target> :<remote>` and resolves with the local port it chose. */
export async function portForward(namespace: string, target: string, remote: number) {
  const child = spawn(
    kubectlPath,
    ['--kubeconfig', adminKubeconfig, 'port-forward', '-n', namespace, '--address', '127.0.0.1', target, `:${remote}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let seen = '';
  const localPort = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`port-forward ${target}: no port after 20 s: ${seen}`)), 20_000);
    const onData = (d: Buffer) => {
      seen += d;
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        done(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (c) => {
      clearTimeout(timer);
      fail(new Error(`port-forward ${target} exited ${c}: ${seen}`));
    });
  });
  return { localPort, close: () => child.kill('SIGTERM') };
}

/** The guide's step 3: `curl -X POST 127.0.0.1:19000/config_dump?include_eds` through a port-forward. */
export async function configDumpVia(namespace: string, target: string): Promise<unknown> {
  const pf = await portForward(namespace, target, 19000);
  try {
    const res = await fetch(`http://127.0.0.1:${pf.localPort}/config_dump?include_eds`, { method: 'POST' });
    if (!res.ok) throw new Error(`config_dump via ${target}: HTTP ${res.status}`);
    return await res.json();
  } finally {
    pf.close();
  }
}

export async function gatewayPods(namespace = 'kgateway-system', gateway = 'http'): Promise<string[]> {
  const out = await kubectlOk([
    'get',
    'pods',
    '-n',
    namespace,
    '-l',
    `gateway.networking.k8s.io/gateway-name=${gateway}`,
    '--field-selector=status.phase=Running',
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]);
  return out.split(/\s+/).filter(Boolean).sort();
}

export function stackKubernetesVersion(): string {
  const env = readFileSync(resolve(repo, 'e2e/stack/versions.env'), 'utf8');
  return /^K8S_VERSION=(\S+)/m.exec(env)![1]!;
}

export function stackKgatewayVersion(): string {
  const env = readFileSync(resolve(repo, 'e2e/stack/versions.env'), 'utf8');
  return /^KGATEWAY_VERSION=(\S+)/m.exec(env)![1]!;
}

export const sleep = promisify(setTimeout);
