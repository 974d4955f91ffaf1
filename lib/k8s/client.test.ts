import { mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Like kubectl, the server reads the kubeconfig again when it changes: a new context or a moved
// API server takes effect without a restart. Written to a real file, as kubectl and kind write it.

type Client = typeof import('./client');

const dir = mkdtempSync(join(tmpdir(), 'kgd-kubeconfig-'));
const file = join(dir, 'config');
const saved = { KUBECONFIG: process.env.KUBECONFIG, DASHBOARD_KUBE_CONTEXT: process.env.DASHBOARD_KUBE_CONTEXT };

function kubeconfig(opts: { servers: Record<string, string>; current: string }): string {
  const names = Object.keys(opts.servers);
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${opts.current}`,
    'clusters:',
    ...names.flatMap((n) => [`- name: ${n}`, '  cluster:', `    server: ${opts.servers[n]}`]),
    'users:',
    ...names.flatMap((n) => [`- name: ${n}-user`, '  user:', `    token: token-of-${n}`]),
    'contexts:',
    ...names.flatMap((n) => [`- name: ${n}`, '  context:', `    cluster: ${n}`, `    user: ${n}-user`]),
    '',
  ].join('\n');
}

/** Rewrites the file with the same size and inode, at an mtime of its own choosing. */
function rewriteInPlace(text: string, mtime: Date) {
  writeFileSync(file, text);
  utimesSync(file, mtime, mtime);
}

const serverOf = (client: Client, context: string) => client.kubeConfig(context).getCurrentCluster()?.server;

let client: Client;

beforeAll(async () => {
  writeFileSync(
    file,
    kubeconfig({ servers: { alpha: 'https://alpha.example:6443', beta: 'https://beta.example:6443' }, current: 'alpha' }),
  );
  process.env.KUBECONFIG = file;
  delete process.env.DASHBOARD_KUBE_CONTEXT;
  vi.resetModules(); // the environment is read once, on first use: set it before the first import
  client = await import('./client');
});

afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the kubeconfig the server was started with', () => {
  it('lists its contexts with their servers and users, and which is current', () => {
    expect(client.listContexts()).toEqual([
      { name: 'alpha', server: 'https://alpha.example:6443', user: 'alpha-user', current: true },
      { name: 'beta', server: 'https://beta.example:6443', user: 'beta-user', current: false },
    ]);
    expect(client.defaultContext()).toBe('alpha');
  });

  it('gives each context its own cluster, and refuses a name it does not hold', () => {
    expect(serverOf(client, 'alpha')).toBe('https://alpha.example:6443');
    expect(serverOf(client, 'beta')).toBe('https://beta.example:6443');
    expect(client.kubeConfig('beta').getCurrentUser()?.token).toBe('token-of-beta');
    expect(client.isKnownContext('beta')).toBe(true);
    expect(client.isKnownContext('gamma')).toBe(false);
    expect(client.isKnownContext('')).toBe(false);
    expect(() => client.kubeConfig('gamma')).toThrow('Unknown kubeconfig context "gamma"');
    expect(() => client.kubeConfig('https://evil.example')).toThrow(/Unknown kubeconfig context/);
  });
});

describe('a kubeconfig that changes while the server runs', () => {
  it('shows a moved server, a new context and a new current context without a restart', () => {
    expect(serverOf(client, 'beta')).toBe('https://beta.example:6443'); // cached per context before the change
    writeFileSync(
      file,
      kubeconfig({
        servers: { alpha: 'https://alpha-moved.example:6443', beta: 'https://beta-moved.example:6443', gamma: 'https://gamma.example:443' },
        current: 'gamma',
      }),
    );
    expect(client.defaultContext()).toBe('gamma');
    expect(client.listContexts().map((c) => [c.name, c.server, c.current])).toEqual([
      ['alpha', 'https://alpha-moved.example:6443', false],
      ['beta', 'https://beta-moved.example:6443', false],
      ['gamma', 'https://gamma.example:443', true],
    ]);
    expect(client.isKnownContext('gamma')).toBe(true);
    expect(serverOf(client, 'gamma')).toBe('https://gamma.example:443');
    expect(serverOf(client, 'alpha')).toBe('https://alpha-moved.example:6443');
    expect(serverOf(client, 'beta')).toBe('https://beta-moved.example:6443');
  });

  it('forgets a context that was removed', () => {
    writeFileSync(file, kubeconfig({ servers: { alpha: 'https://alpha.example:6443' }, current: 'alpha' }));
    expect(client.isKnownContext('gamma')).toBe(false);
    expect(() => client.kubeConfig('gamma')).toThrow(/Unknown kubeconfig context "gamma"/);
    expect(client.listContexts().map((c) => c.name)).toEqual(['alpha']);
  });

  it('sees a rewrite of the same size by its new mtime', () => {
    const before = new Date('2030-01-01T00:00:00Z');
    rewriteInPlace(kubeconfig({ servers: { alpha: 'https://one.example:6443' }, current: 'alpha' }), before);
    expect(serverOf(client, 'alpha')).toBe('https://one.example:6443');
    const { size, ino } = statSync(file);

    rewriteInPlace(kubeconfig({ servers: { alpha: 'https://two.example:6443' }, current: 'alpha' }), new Date('2030-01-01T00:00:05Z'));
    expect(statSync(file)).toMatchObject({ size, ino });
    expect(serverOf(client, 'alpha')).toBe('https://two.example:6443');
  });

  it('sees a file replaced by rename, same size and mtime, by its new inode', () => {
    const mtime = new Date('2030-02-01T00:00:00Z');
    rewriteInPlace(kubeconfig({ servers: { alpha: 'https://old.example:6443' }, current: 'alpha' }), mtime);
    expect(serverOf(client, 'alpha')).toBe('https://old.example:6443');
    const before = statSync(file);

    // How kubectl and most editors save: write a new file, then rename it over the old one.
    const next = join(dir, 'config.new');
    writeFileSync(next, kubeconfig({ servers: { alpha: 'https://new.example:6443' }, current: 'alpha' }));
    utimesSync(next, mtime, mtime);
    renameSync(next, file);
    const after = statSync(file);
    expect([after.size, after.mtimeMs]).toEqual([before.size, before.mtimeMs]);
    expect(after.ino).not.toBe(before.ino);
    expect(serverOf(client, 'alpha')).toBe('https://new.example:6443');
  });

  it('keeps the loaded kubeconfig while the file does not change', () => {
    const first = client.kubeConfig('alpha');
    expect(client.kubeConfig('alpha')).toBe(first);
    writeFileSync(file, kubeconfig({ servers: { alpha: 'https://again.example:6443' }, current: 'alpha' }));
    expect(client.kubeConfig('alpha')).not.toBe(first);
  });
});
