import 'server-only';
import { KubeConfig, Observable, type ObservableMiddleware } from '@kubernetes/client-node';
import { env } from '@/lib/env';

// The only module that loads credentials. Everything it hands out stays on the server.

let cached: KubeConfig | undefined;

/** The kubeconfig in use: $KUBECONFIG or ~/.kube/config (or in-cluster), at its current context. */
export function kubeConfig(): KubeConfig {
  if (!cached) {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    const context = env().DASHBOARD_KUBE_CONTEXT;
    if (context) kc.setCurrentContext(context);
    cached = kc;
  }
  return cached;
}

/** Where the current context points, without any credential. */
export function currentTarget(): { context: string; server: string; user: string } {
  const kc = kubeConfig();
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
