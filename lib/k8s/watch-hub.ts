import 'server-only';
import { CoreV1Api, CustomObjectsApi, Watch } from '@kubernetes/client-node';
import { LIVE_KINDS, type LiveChange, type LiveKind, type LiveState } from '@/lib/live/kinds';
import { GROUP, RESOURCE } from '@/lib/policy/model';
import type { KubeConfig, V1Service } from '@kubernetes/client-node';
import { callOptions } from './client';
import { toServiceDto } from './services';
import type { Session } from './session';

// One Kubernetes watch per resource kind, context and person, shared by that person's open tabs
// (each person sees only what the API server lets them watch). Each watch
// starts from a fresh list's resourceVersion (so opening it does not replay every object),
// resumes from the last version it saw when the connection ends, lists again when the server
// says that version is gone (410), and stops a while after its last subscriber leaves.

export const WATCHED_KINDS = LIVE_KINDS;
export type WatchedKind = LiveKind;

/** What the browser learns of a change: which object; for a Service, the fields the list shows. */
export type ChangeEvent = LiveChange;

export type StreamState = LiveState;

export type HubEvent = ChangeEvent | StreamState;
type Listener = (e: HubEvent) => void;

const PATHS: Record<WatchedKind, { path: string; query?: Record<string, string> }> = {
  services: { path: '/api/v1/services' },
  backendconfigpolicies: { path: '/apis/gateway.kgateway.dev/v1alpha1/backendconfigpolicies' },
  // Only gateway proxy pods matter to the pages.
  pods: { path: '/api/v1/pods', query: { labelSelector: 'gateway.networking.k8s.io/gateway-name' } },
};
const IDLE_STOP_MS = 30_000;
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];
const MIN_RESTART_MS = 1000;

class KindWatch {
  readonly listeners = new Set<Listener>();
  state: StreamState['state'] = 'reconnecting';
  private message?: string;
  private resourceVersion?: string;
  private abort?: AbortController;
  private stopped = false;
  private failures = 0;
  private idleTimer?: NodeJS.Timeout;

  constructor(
    /** The newest credentials of the person the watch is for: a refreshed token replaces the last. */
    public kc: KubeConfig,
    readonly kind: WatchedKind,
    private readonly onStop: () => void,
  ) {
    void this.start();
  }

  subscribe(l: Listener): () => void {
    clearTimeout(this.idleTimer);
    this.listeners.add(l);
    l({ type: 'state', kind: this.kind, state: this.state, message: this.message });
    return () => {
      this.listeners.delete(l);
      if (this.listeners.size > 0) return;
      // One pending stop at most: a second would outlive the clearTimeout of the next subscriber.
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.stop(), IDLE_STOP_MS);
    };
  }

  private emit(e: HubEvent) {
    for (const l of this.listeners) l(e);
  }

  private setState(state: StreamState['state'], message?: string) {
    if (state === this.state && message === this.message) return;
    this.state = state;
    this.message = message;
    this.emit({ type: 'state', kind: this.kind, state, message });
  }

  /** The collection's current resourceVersion, from a one-item list. */
  private async listVersion(): Promise<string> {
    const kc = this.kc;
    const list =
      this.kind === 'backendconfigpolicies'
        ? ((await kc
            .makeApiClient(CustomObjectsApi)
            .listClusterCustomObject({ group: GROUP, version: 'v1alpha1', plural: RESOURCE, limit: 1 }, callOptions)) as {
            metadata: { resourceVersion: string };
          })
        : this.kind === 'services'
          ? await kc.makeApiClient(CoreV1Api).listServiceForAllNamespaces({ limit: 1 }, callOptions)
          : await kc
              .makeApiClient(CoreV1Api)
              .listPodForAllNamespaces({ limit: 1, labelSelector: PATHS.pods.query!.labelSelector }, callOptions);
    return list.metadata!.resourceVersion!;
  }

  private async start(): Promise<void> {
    if (this.stopped) return;
    let ended = false;
    try {
      this.resourceVersion ??= await this.listVersion();
      const { path, query } = PATHS[this.kind];
      const abort = await new Watch(this.kc).watch(
        path,
        { ...query, resourceVersion: this.resourceVersion, allowWatchBookmarks: true },
        (
          phase,
          obj: {
            metadata?: { namespace?: string; name?: string; resourceVersion?: string; generation?: number };
            code?: number;
            message?: string;
          },
        ) => {
          if (phase === 'ERROR') {
            // 410: the version is too old; others (e.g. 504 "Too large resource version"): start over
            // from a fresh list, after a pause.
            this.resourceVersion = undefined;
            this.errorSeen = { statusCode: obj.code, message: obj.message ?? `watch error ${obj.code ?? ''}` };
            return;
          }
          this.failures = 0;
          this.setState('live');
          const m = obj.metadata ?? {};
          if (m.resourceVersion) this.resourceVersion = m.resourceVersion;
          if (phase === 'BOOKMARK' || !m.name) return;
          this.emit({
            type: 'change',
            kind: this.kind,
            change: phase as ChangeEvent['change'],
            namespace: m.namespace,
            name: m.name,
            resourceVersion: m.resourceVersion,
            generation: m.generation,
            ...(this.kind === 'services' && phase !== 'DELETED' && { service: toServiceDto(obj as V1Service) }),
          });
        },
        (err: unknown) => {
          ended = true;
          this.retry(err ?? this.takeError());
        },
      );
      this.abort = abort;
      if (this.stopped) abort.abort();
      // watch() calls `done` before it returns when the API server refused: keep that state.
      else if (!ended) this.setState('live');
    } catch (err) {
      this.retry(err);
    }
  }

  private errorSeen?: { statusCode?: number; message: string };

  private takeError() {
    const e = this.errorSeen;
    this.errorSeen = undefined;
    return e && Object.assign(new Error(e.message), { statusCode: e.statusCode });
  }

  private retry(err: unknown) {
    if (this.stopped) return;
    const status = (err as { statusCode?: number; code?: number } | null)?.statusCode ?? (err as { code?: number } | null)?.code;
    if (status === 403) {
      this.setState('failed', `Missing permission: watch ${this.kind}. Check with kubectl auth can-i watch ${this.kind} --all-namespaces.`);
    } else if (status === 404) {
      this.setState('failed', `The API server has no ${this.kind} to watch (is the CRD installed?).`);
    } else if (err && (err as Error).name !== 'TimeoutError' && status !== 410) {
      // A watch that ends quietly (inactivity, server-side timeout, 410) is resumed without a blip.
      this.setState('reconnecting', `The watch of ${this.kind} dropped (${(err as Error).message}); resuming.`);
    }
    if (status === 410) this.resourceVersion = undefined;
    // Never faster than once a second, even when the server ends watches at once.
    const quiet = !err || (err as Error).name === 'TimeoutError';
    const wait = quiet ? MIN_RESTART_MS : RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
    setTimeout(() => void this.start(), wait);
  }

  stop() {
    this.stopped = true;
    this.abort?.abort();
    this.onStop();
  }
}

const hub = ((globalThis as { __dashboardWatches?: Map<string, KindWatch> }).__dashboardWatches ??= new Map());

/** Subscribes to changes of `kinds` for the session's cluster; returns the function that unsubscribes. */
export function subscribe(session: Session, kinds: readonly WatchedKind[], listener: Listener): () => void {
  // Each kind once: the same listener twice would leave with the first unsubscribe.
  const offs = [...new Set(kinds)].map((kind) => {
    const key = `${session.principal}\u0000${kind}`;
    let w = hub.get(key);
    if (!w) {
      w = new KindWatch(session.kc, kind, () => hub.delete(key));
      hub.set(key, w);
    } else w.kc = session.kc;
    return w.subscribe(listener);
  });
  let done = false;
  return () => {
    if (done) return;
    done = true;
    offs.forEach((off) => off());
  };
}

/** How many watches run and how many streams listen to each, for the stats route and tests. */
export function watchStats(): { kind: string; context: string; state: string; subscribers: number }[] {
  return [...hub.entries()].map(([key, w]) => ({
    context: key.split('\u0000')[0]!,
    kind: w.kind,
    state: w.state,
    subscribers: w.listeners.size,
  }));
}
