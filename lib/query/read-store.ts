import { isPermanent, type AppError } from '@/lib/wire/errors';

// The browser's cache of reads (GETs of the dashboard's own routes), shared by every component of
// a tab that asks for the same key: one request in flight per key, the answer kept for the next
// page, a failed read tried again twice unless the server said it will not change (401, 403, 404,
// 422). It replaces React Query, whose 10 KiB kept four pages over issue 13's first-load budget;
// decision 015 says what it keeps of it and what it leaves out. Pure: no React and no document
// here (components/ui/use-read.ts binds it to components), so it is unit-tested with fake timers.

export interface ReadState<T = unknown> {
  data?: T;
  /** The last read's failure; the data before it stays. */
  error?: unknown;
  /** When `data` was last answered (or set), ms since the epoch; 0 before any answer. */
  updatedAt: number;
  /** Counts answers and failures: a change of it is a settled read. */
  settled: number;
  fetching: boolean;
}

/** Past this many keys, the least recently used one nobody shows is dropped. */
export const MAX_ENTRIES = 100;
/** A key nobody shows is dropped this long after its last viewer left (React Query's gcTime). */
export const IDLE_MS = 5 * 60_000;
/** A failed read is tried again this many times, 1 s then 2 s later, unless it is permanent. */
export const RETRIES = 2;

export const EMPTY: ReadState<never> = Object.freeze({ updatedAt: 0, settled: 0, fetching: false });

interface Entry {
  state: ReadState;
  listeners: Set<() => void>;
  inflight?: { promise: Promise<void>; controller: AbortController };
  idle?: ReturnType<typeof setTimeout>;
  used: number;
}

/** A failure worth asking again: not one the server marked permanent (see lib/query/fetch.ts). */
export function isTransient(error: unknown): boolean {
  const kind = (error as { appError?: AppError } | undefined)?.appError?.kind;
  return !(kind && isPermanent(kind)) && !(error instanceof DOMException && error.name === 'AbortError');
}

export class ReadStore {
  private readonly entries = new Map<string, Entry>();
  private uses = 0;

  /** The state under `key`, the same object until it changes (useSyncExternalStore's contract). */
  snapshot(key: string): ReadState {
    return this.entries.get(key)?.state ?? EMPTY;
  }

  get size(): number {
    return this.entries.size;
  }

  subscribe(key: string, listener: () => void): () => void {
    const e = this.entry(key);
    clearTimeout(e.idle);
    e.idle = undefined;
    e.listeners.add(listener);
    return () => {
      e.listeners.delete(listener);
      if (e.listeners.size > 0) return;
      // Nobody shows it: stop asking, and forget it after a while.
      e.inflight?.controller.abort();
      e.idle = setTimeout(() => this.dropIfIdle(key, e), IDLE_MS);
    };
  }

  /** No answer yet, or the last one is older than `staleMs`. */
  isStale(key: string, staleMs: number): boolean {
    const s = this.snapshot(key);
    return s.updatedAt === 0 || Date.now() - s.updatedAt >= staleMs;
  }

  /**
   * Reads `key` unless a read of it is in flight already (then that one's end is awaited). Never
   * rejects: the failure is in the state.
   */
  fetch<T>(key: string, read: (signal: AbortSignal) => Promise<T>, retry = true): Promise<void> {
    const e = this.entry(key);
    if (e.inflight) return e.inflight.promise;
    const controller = new AbortController();
    const attempt = async (n: number): Promise<T> => {
      try {
        return await read(controller.signal);
      } catch (error) {
        if (!retry || n >= RETRIES || controller.signal.aborted || !isTransient(error)) throw error;
        await new Promise((r) => setTimeout(r, 1000 * 2 ** n));
        if (controller.signal.aborted) throw error;
        return attempt(n + 1);
      }
    };
    this.update(e, { fetching: true });
    const promise = attempt(0).then(
      (data) => {
        e.inflight = undefined;
        this.update(e, { data, error: undefined, updatedAt: Date.now(), settled: e.state.settled + 1, fetching: false });
      },
      (error: unknown) => {
        e.inflight = undefined;
        // A read stopped because nobody shows it any more is no failure to show.
        if (controller.signal.aborted) this.update(e, { fetching: false });
        else this.update(e, { error, settled: e.state.settled + 1, fetching: false });
      },
    );
    e.inflight = { promise, controller };
    return promise;
  }

  /** Puts an answer read some other way under `key` (a cluster view carries the sync state). */
  set<T>(key: string, data: T): void {
    const e = this.entry(key);
    this.update(e, { data, error: undefined, updatedAt: Date.now(), settled: e.state.settled + 1 });
  }

  private entry(key: string): Entry {
    let e = this.entries.get(key);
    if (!e) {
      const created: Entry = { state: EMPTY, listeners: new Set(), used: ++this.uses };
      // Until someone shows it, it is as idle as one whose viewers left.
      created.idle = setTimeout(() => this.dropIfIdle(key, created), IDLE_MS);
      this.entries.set(key, (e = created));
      if (this.entries.size > MAX_ENTRIES) this.evict(e);
    }
    e.used = ++this.uses;
    return e;
  }

  private dropIfIdle(key: string, e: Entry): void {
    if (this.entries.get(key) === e && e.listeners.size === 0) this.entries.delete(key);
  }

  private evict(keep: Entry): void {
    let oldest: [string, Entry] | undefined;
    for (const kv of this.entries)
      if (kv[1] !== keep && kv[1].listeners.size === 0 && (!oldest || kv[1].used < oldest[1].used)) oldest = kv;
    if (!oldest) return; // every key is on screen: the bound is the page's own
    clearTimeout(oldest[1].idle);
    oldest[1].inflight?.controller.abort();
    this.entries.delete(oldest[0]);
  }

  private update(e: Entry, change: Partial<ReadState>): void {
    e.state = { ...e.state, ...change };
    for (const l of e.listeners) l();
  }
}

/** The tab's one store. A server render never writes it: reads start in effects, in the browser. */
export const reads = new ReadStore();
