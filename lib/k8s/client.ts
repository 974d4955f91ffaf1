import 'server-only';
import { KubeConfig, Observable, type ObservableMiddleware } from '@kubernetes/client-node';
import { env } from '@/lib/env';

// The only module that loads credentials. Everything it hands out stays on the server.
// A context is chosen by name, from the kubeconfig the server was started with: the browser may
// pick one of those names, never an address.

let base: KubeConfig | undefined;
const perContext = new Map<string, KubeConfig>();

function baseConfig(): KubeConfig {
  if (!base) {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    const context = env().DASHBOARD_KUBE_CONTEXT;
    if (context) kc.setCurrentContext(context);
    base = kc;
  }
  return base;
}

export interface ContextSummary {
  name: string;
  server: string;
  user: string;
  current: boolean;
}

/** The contexts of the server's kubeconfig (names and addresses only). */
export function listContexts(): ContextSummary[] {
  const kc = baseConfig();
  return kc.getContexts().map((c) => ({
    name: c.name,
    server: kc.getCluster(c.cluster)?.server ?? '',
    user: c.user,
    current: c.name === kc.getCurrentContext(),
  }));
}

/** Whether `name` is one of the kubeconfig's contexts; anything else is refused. */
export function isKnownContext(name: string): boolean {
  return baseConfig()
    .getContexts()
    .some((c) => c.name === name);
}

/** The kubeconfig at `context` (a name from listContexts), or at the default context. */
export function kubeConfig(context?: string): KubeConfig {
  const kc = baseConfig();
  if (!context || context === kc.getCurrentContext()) return kc;
  if (!isKnownContext(context)) throw new Error(`Unknown kubeconfig context "${context}"`);
  let scoped = perContext.get(context);
  if (!scoped) {
    scoped = new KubeConfig();
    scoped.loadFromOptions({ clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: context });
    perContext.set(context, scoped);
  }
  return scoped;
}

/** Where a context points, without any credential. */
export function currentTarget(context?: string): { context: string; server: string; user: string } {
  const kc = kubeConfig(context);
  return {
    context: kc.getCurrentContext(),
    server: kc.getCurrentCluster()?.server ?? '(no cluster in the current context)',
    user: kc.getCurrentUser()?.name ?? '',
  };
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
