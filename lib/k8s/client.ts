import 'server-only';
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, Observable, type ObservableMiddleware } from '@kubernetes/client-node';
import { env } from '@/lib/config/env';

// The only module that loads credentials. Everything it hands out stays on the server.
// A context is chosen by name, from the kubeconfig the server was started with: the browser may
// pick one of those names, never an address.
//
// Like kubectl, which reads the kubeconfig on every call, the files are looked at again on every
// request (one stat each, no read when nothing changed): a rotated certificate, a new token or a
// new context takes effect without a restart.

interface Loaded {
  stamp: string;
  base: KubeConfig;
  perContext: Map<string, KubeConfig>;
}

let loaded: Loaded | undefined;

const SERVICEACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Where the pod's ServiceAccount files are (under DASHBOARD_SERVICEACCOUNT_ROOT, when set). */
function serviceAccountDir(): { root: string; dir: string } {
  const root = (env().DASHBOARD_SERVICEACCOUNT_ROOT ?? '').replace(/\/+$/, '');
  return { root, dir: `${root}${SERVICEACCOUNT}` };
}

const exists = (f: string) => {
  try {
    statSync(f);
    return true;
  } catch {
    return false;
  }
};

/**
 * Where the credentials come from, in `loadFromDefault`'s order: $KUBECONFIG (a list), else
 * ~/.kube/config, else the pod's ServiceAccount (token, CA and namespace files, with the API
 * server at $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT), and the files to watch.
 */
function source(): { kind: 'kubeconfig' | 'in-cluster'; files: string[] } {
  const list = env().KUBECONFIG;
  if (list) return { kind: 'kubeconfig', files: list.split(delimiter).filter(Boolean) };
  const home = join(homedir(), '.kube', 'config');
  const { dir } = serviceAccountDir();
  if (!exists(home) && exists(`${dir}/token`)) return { kind: 'in-cluster', files: [`${dir}/ca.crt`, `${dir}/namespace`] };
  return { kind: 'kubeconfig', files: [home] };
}

/** Size, mtime and inode of each file: changes whenever any of them is rewritten or replaced. */
function stampOf(files: string[]): string {
  return files
    .map((f) => {
      try {
        const s = statSync(f);
        return `${f}:${s.ino}:${s.size}:${s.mtimeMs}`;
      } catch {
        return `${f}:-`;
      }
    })
    .join('|');
}

function load(): Loaded {
  const from = source();
  // The token file is not stamped: it rotates every hour or so, and client-node reads it again itself.
  const stamp = `${from.kind}|${stampOf(from.files)}`;
  if (loaded && loaded.stamp === stamp) return loaded;
  const kc = new KubeConfig();
  if (from.kind === 'in-cluster') kc.loadFromCluster(serviceAccountDir().root);
  else kc.loadFromDefault();
  const context = env().DASHBOARD_KUBE_CONTEXT;
  if (context) kc.setCurrentContext(context);
  loaded = { stamp, base: kc, perContext: new Map() };
  return loaded;
}

export interface ContextSummary {
  name: string;
  server: string;
  user: string;
  current: boolean;
}

/** The contexts of the server's kubeconfig (names and addresses only). */
export function listContexts(): ContextSummary[] {
  const kc = load().base;
  return kc.getContexts().map((c) => ({
    name: c.name,
    server: kc.getCluster(c.cluster)?.server ?? '',
    user: c.user,
    current: c.name === kc.getCurrentContext(),
  }));
}

/** The context the dashboard uses when a request names none. */
export function defaultContext(): string {
  return load().base.getCurrentContext();
}

/** Whether `name` is one of the kubeconfig's contexts; anything else is refused. */
export function isKnownContext(name: string): boolean {
  return load()
    .base.getContexts()
    .some((c) => c.name === name);
}

/** The kubeconfig at `context`, a name from listContexts. Throws for an unknown name. */
export function kubeConfig(context: string): KubeConfig {
  const kc = resolveContext(context);
  if (!kc) throw new Error(`Unknown kubeconfig context "${context}"`);
  return kc;
}

/** The kubeconfig at `context`, or undefined when the kubeconfig has no such context. One look at the files. */
export function resolveContext(context: string): KubeConfig | undefined {
  const { base, perContext } = load();
  if (context === base.getCurrentContext()) return base;
  if (!base.getContexts().some((c) => c.name === context)) return undefined;
  let scoped = perContext.get(context);
  if (!scoped) {
    scoped = new KubeConfig();
    scoped.loadFromOptions({ clusters: base.clusters, users: base.users, contexts: base.contexts, currentContext: context });
    perContext.set(context, scoped);
  }
  return scoped;
}

const timeout: ObservableMiddleware = {
  pre: (context) => {
    context.setSignal(AbortSignal.timeout(env().DASHBOARD_API_TIMEOUT_MS));
    return new Observable(Promise.resolve(context));
  },
  post: (response) => new Observable(Promise.resolve(response)),
};

/** Per-call options: every API call gets a deadline, so a dead API server fails fast. */
export const callOptions = { middleware: [timeout], middlewareMergeStrategy: 'append' as const };
