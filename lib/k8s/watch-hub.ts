import 'server-only';
import { Watch } from '@kubernetes/client-node';
import { LIVE_KINDS, type LiveChange, type LiveKind, type LiveState } from '@/lib/live/kinds';
import type { KubeConfig } from '@kubernetes/client-node';
import { env } from '@/lib/config/env';
import { KINDS, type HubKind, type Kept } from './kinds';
import { byPlace } from '@/lib/policy/service-rows';
import type { Session } from './session';

// One informer per resource kind, context and person: a list, kept in memory, then a watch that
// keeps it current. It is shared by that person's open tabs (their change events) and page views
// (their lists, lib/k8s/list-cache.ts), and made with the person's own credentials, so each
// person's cache holds only what the API server lets them list (docs/decisions/013). Each watch
// resumes from the last version it saw when the connection ends, lists again when the server
// says that version is gone (410), ends itself every WATCH_SECONDS so that the API server checks
// the person's rights (and newest token) again, and stops a while after its last subscriber or
// reader leaves.

export const WATCHED_KINDS = LIVE_KINDS;
export type WatchedKind = LiveKind;

/** What the browser learns of a change: which object; for a Service, the fields the list shows. */
export type ChangeEvent = LiveChange;

export type StreamState = LiveState;

export type HubEvent = ChangeEvent | StreamState;
type Listener = (e: HubEvent) => void;

const IDLE_STOP_MS = 30_000;
/** A cache that only pages read stays this long after the last read. */
const READ_IDLE_MS = 5 * 60_000;
const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];
const MIN_RESTART_MS = 1000;
/** The API server ends each watch after this long; the next one is authorized afresh. */
const WATCH_SECONDS = 300;
const LIST_PAGE = 1000;
/** The longest a read waits for the list that follows a 410 before it asks the API server itself. */
const BEHIND_WAIT_MS = 5000;

class KindWatch<K extends HubKind = HubKind> {
  readonly listeners = new Set<Listener>();
  state: StreamState['state'] = 'reconnecting';
  private message?: string;
  private resourceVersion?: string;
  private abort?: AbortController;
  private stopped = false;
  private failures = 0;
  private idleTimer?: NodeJS.Timeout;
  private lastRead = 0;
  /** The objects listed and watched, by `namespace/name`; undefined until the first list. */
  private store?: Map<string, Kept[K]>;
  /** More objects than DASHBOARD_CACHE_MAX_OBJECTS: changes only, no store. */
  private uncached = false;
  /** Bumped on every change to the store: a snapshot is valid while it holds. */
  version = 0;
  private sorted?: { version: number; items: Kept[K][] };
  /** Settles once the first list is held and its watch runs, or at the first failure. */
  private firstTry: Promise<void>;
  private tried!: () => void;
  /**
   * Set while the store is known to be behind: the API server said the watch's version is gone
   * (410, as after its own restart) and a new list is due. A read waits for that list rather than
   * answer from a store that misses whatever changed meanwhile.
   */
  private behind?: { settled: Promise<void>; settle: () => void };

  constructor(
    /** The newest credentials of the person the watch is for: a refreshed token replaces the last. */
    public kc: KubeConfig,
    readonly kind: K,
    private readonly onStop: () => void,
  ) {
    this.firstTry = new Promise((done) => (this.tried = done));
    void this.start();
  }

  subscribe(l: Listener): () => void {
    clearTimeout(this.idleTimer);
    this.listeners.add(l);
    l({ type: 'state', kind: this.kind as WatchedKind, state: this.state, message: this.message });
    return () => {
      this.listeners.delete(l);
      this.scheduleStop();
    };
  }

  /** Stops once nobody listens and nobody has read for a while. One pending stop at most. */
  private scheduleStop() {
    if (this.listeners.size > 0 || this.stopped) return;
    clearTimeout(this.idleTimer);
    const wait = Math.max(IDLE_STOP_MS, this.lastRead + READ_IDLE_MS - Date.now());
    this.idleTimer = setTimeout(
      () => (this.listeners.size === 0 && Date.now() - this.lastRead >= READ_IDLE_MS ? this.stop() : this.scheduleStop()),
      wait,
    );
  }

  /**
   * The objects, sorted as the API server lists them, once the cache is live; undefined while it
   * is not (never listed, reconnecting, refused, over its bound): the caller then asks the API server.
   * A read during the first list waits for it (each of its pages has the API timeout): the list a
   * reader would make is the one under way.
   */
  async read(): Promise<readonly Kept[K][] | undefined> {
    this.lastRead = Date.now();
    this.scheduleStop();
    if (!this.store && this.state !== 'failed') await this.firstTry;
    if (this.behind) {
      // Bounded: an API server that keeps refusing the new watch sends readers to itself instead.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.behind.settled, new Promise((done) => (timer = setTimeout(done, BEHIND_WAIT_MS)))]);
      clearTimeout(timer);
      if (this.behind) return undefined;
    }
    if (!this.store || this.state !== 'live') return undefined;
    if (this.sorted?.version !== this.version) this.sorted = { version: this.version, items: [...this.store.values()].sort(byPlace) };
    return this.sorted.items;
  }

  /** Objects held; 0 before the first list. */
  get size(): number {
    return this.store?.size ?? 0;
  }

  /** An object this person wrote or deleted through the dashboard, before its watch event arrives. */
  note(key: string, item: Kept[K] | undefined) {
    if (!this.store) return;
    // A newer version from the watch stays (resourceVersions of etcd compare as integers).
    const held = (this.store.get(key) as { resourceVersion?: string } | undefined)?.resourceVersion;
    const wrote = (item as { resourceVersion?: string } | undefined)?.resourceVersion;
    // The same version (a write that changed nothing) keeps the snapshot and what was built on it.
    if (held !== undefined && held === wrote) return;
    if (held && wrote && /^\d+$/.test(held) && /^\d+$/.test(wrote) && BigInt(held) > BigInt(wrote)) return;
    if (item) this.store.set(key, item);
    else this.store.delete(key);
    this.version++;
  }

  private emit(e: HubEvent) {
    for (const l of this.listeners) l(e);
  }

  private setState(state: StreamState['state'], message?: string) {
    if (state === this.state && message === this.message) return;
    this.state = state;
    this.message = message;
    this.emit({ type: 'state', kind: this.kind as WatchedKind, state, message });
  }

  /**
   * Lists every object, page by page, into a new store; returns the collection's resourceVersion.
   * Past DASHBOARD_CACHE_MAX_OBJECTS the kind is not cached: its watch still sends changes, from
   * the list's version, and pages list from the API server (read() answers undefined without a store).
   */
  private async list(): Promise<string> {
    const spec = KINDS[this.kind];
    if (this.uncached) return (await spec.list(this.kc, 1)).metadata?.resourceVersion ?? '';
    const max = env().DASHBOARD_CACHE_MAX_OBJECTS;
    const store = new Map<string, Kept[K]>();
    let cont: string | undefined;
    let version = '';
    do {
      const page = await spec.list(this.kc, LIST_PAGE, cont);
      // Every page of a list carries the version of the same snapshot.
      version = page.metadata?.resourceVersion ?? version;
      for (const o of page.items) {
        const item = spec.keep(o);
        store.set(`${item.namespace}/${item.name}`, item);
      }
      if (store.size > max) {
        this.uncached = true;
        this.store = undefined;
        return version;
      }
      cont = page.metadata?._continue || undefined;
    } while (cont);
    this.store = store;
    this.version++;
    return version;
  }

  private async start(): Promise<void> {
    if (this.stopped) return;
    let ended = false;
    try {
      this.resourceVersion ??= await this.list();
      const { path, query } = KINDS[this.kind];
      const abort = await new Watch(this.kc).watch(
        path,
        { ...query, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: WATCH_SECONDS },
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
            this.markBehind();
            this.errorSeen = { statusCode: obj.code, message: obj.message ?? `watch error ${obj.code ?? ''}` };
            return;
          }
          this.failures = 0;
          this.setState('live');
          const m = obj.metadata ?? {};
          if (m.resourceVersion) this.resourceVersion = m.resourceVersion;
          if (phase === 'BOOKMARK' || !m.name) return;
          const key = `${m.namespace ?? ''}/${m.name}`;
          const kept = phase === 'DELETED' ? undefined : KINDS[this.kind].keep(obj);
          if (this.store) {
            if (kept) this.store.set(key, kept);
            else this.store.delete(key);
            this.version++;
          }
          if (!(WATCHED_KINDS as readonly string[]).includes(this.kind)) return;
          this.emit({
            type: 'change',
            kind: this.kind as WatchedKind,
            change: phase as ChangeEvent['change'],
            namespace: m.namespace,
            name: m.name,
            resourceVersion: m.resourceVersion,
            generation: m.generation,
            ...(this.kind === 'services' && kept && { service: kept as Kept['services'] }),
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
      else if (!ended) {
        this.failures = 0;
        this.setState('live');
        this.caughtUp();
      }
      this.tried();
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

  private markBehind() {
    if (this.behind) return;
    let settle!: () => void;
    const settled = new Promise<void>((done) => (settle = done));
    this.behind = { settled, settle };
  }

  /** The store is as new as the watch, or no store answers reads: readers waiting go on. */
  private caughtUp() {
    this.behind?.settle();
    this.behind = undefined;
  }

  private retry(err: unknown) {
    this.tried();
    if (this.stopped) return this.caughtUp();
    const status = (err as { statusCode?: number; code?: number } | null)?.statusCode ?? (err as { code?: number } | null)?.code;
    if (status === 403) {
      this.setState(
        'failed',
        `Missing permission: list or watch ${this.kind}. Check with kubectl auth can-i watch ${this.kind} --all-namespaces.`,
      );
    } else if (status === 404) {
      this.setState('failed', `The API server has no ${this.kind} to watch (is the CRD installed?).`);
    } else if (err && (err as Error).name !== 'TimeoutError' && status !== 410) {
      // A watch that ends quietly (inactivity, server-side timeout, 410) is resumed without a blip.
      this.setState('reconnecting', `The watch of ${this.kind} dropped (${(err as Error).message}); resuming.`);
    }
    // 410: the version is gone (compacted, or a restarted API server's cache begins later): list
    // again after the shortest pause, not the failure backoff, and let reads wait for that list.
    if (status === 410) {
      this.resourceVersion = undefined;
      this.markBehind();
    } else if (this.state !== 'live') this.caughtUp(); // reads go to the API server meanwhile
    // Never faster than once a second, even when the server ends watches at once.
    const quiet = !err || (err as Error).name === 'TimeoutError' || status === 410;
    const wait = quiet ? MIN_RESTART_MS : RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
    setTimeout(() => void this.start(), wait);
  }

  stop() {
    this.stopped = true;
    this.caughtUp();
    clearTimeout(this.idleTimer);
    this.abort?.abort();
    this.onStop();
  }
}

const hub = ((globalThis as { __dashboardWatches?: Map<string, KindWatch> }).__dashboardWatches ??= new Map());

/** The informer of `kind` for the session's context and person; undefined when `create` is false and there is none. */
export function informer<K extends HubKind>(session: Session, kind: K, create = true): KindWatch<K> | undefined {
  const key = `${session.principal}\u0000${kind}`;
  let w = hub.get(key) as KindWatch<K> | undefined;
  if (w) w.kc = session.kc;
  else if (create) {
    const created = new KindWatch(session.kc, kind, () => hub.delete(key));
    hub.set(key, created as unknown as KindWatch);
    w = created;
  }
  return w;
}

/** Informers running, against DASHBOARD_MAX_WATCHES. */
export function informerCount(): number {
  return hub.size;
}

/** Subscribes to changes of `kinds` for the session's cluster; returns the function that unsubscribes. */
export function subscribe(session: Session, kinds: readonly WatchedKind[], listener: Listener): () => void {
  // Each kind once: the same listener twice would leave with the first unsubscribe.
  const offs = [...new Set(kinds)].map((kind) => informer(session, kind)!.subscribe(listener));
  let done = false;
  return () => {
    if (done) return;
    done = true;
    offs.forEach((off) => off());
  };
}

/** How many watches run and how many streams listen to each, for the stats route and tests. */
export function watchStats(): { kind: string; context: string; state: string; subscribers: number; cached: number }[] {
  return [...hub.entries()].map(([key, w]) => ({
    context: key.split('\u0000')[0]!,
    kind: w.kind,
    state: w.state,
    subscribers: w.listeners.size,
    cached: w.size,
  }));
}
