// Work that every identical request shares while it runs: the first request starts it, later
// ones join it, each hears its progress, and it is stopped only when every request waiting for it
// has gone away. Pure (no I/O of its own); the caller says what the work is and how it is keyed.

interface Entry<T, P> {
  result: Promise<T>;
  controller: AbortController;
  waiting: number;
  listeners: Set<(p: P) => void>;
}

export interface RunOptions<T, P> {
  /** What a request that left before the end receives. */
  gone: T;
  /** Turns a thrown error (a bug) into an answer for every waiting request. */
  failed: (e: unknown) => T;
  signal?: AbortSignal;
  onProgress?: (p: P) => void;
}

export class SharedWork<T, P = never> {
  private readonly inflight = new Map<string, Entry<T, P>>();

  /** How many distinct pieces of work run now. */
  get size(): number {
    return this.inflight.size;
  }

  /** `start` receives the signal that stops the work and a progress callback. */
  run(key: string, start: (signal: AbortSignal, progress: (p: P) => void) => Promise<T>, opts: RunOptions<T, P>): Promise<T> {
    // A request that is already gone starts nothing.
    if (opts.signal?.aborted) return Promise.resolve(opts.gone);
    let entry = this.inflight.get(key);
    // Work that everyone left is stopping: a new request starts it afresh instead of joining it.
    if (!entry || entry.controller.signal.aborted) {
      const controller = new AbortController();
      const listeners = new Set<(p: P) => void>();
      const fresh: Entry<T, P> = { result: Promise.resolve(opts.gone), controller, waiting: 0, listeners };
      fresh.result = start(controller.signal, (p) => listeners.forEach((l) => l(p)))
        .catch(opts.failed)
        .finally(() => {
          if (this.inflight.get(key) === fresh) this.inflight.delete(key);
        });
      entry = fresh;
      this.inflight.set(key, entry);
    }
    return join(entry, opts.gone, opts.signal, opts.onProgress);
  }
}

function join<T, P>(entry: Entry<T, P>, gone: T, signal?: AbortSignal, onProgress?: (p: P) => void): Promise<T> {
  entry.waiting++;
  if (onProgress) entry.listeners.add(onProgress);
  return new Promise((resolve) => {
    let left = false;
    const leave = () => {
      left = true;
      entry.waiting--;
      if (onProgress) entry.listeners.delete(onProgress);
    };
    const onAbort = () => {
      if (left) return;
      leave();
      if (entry.waiting === 0) entry.controller.abort(new Error('every request for this work went away'));
      resolve(gone);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    void entry.result.then((r) => {
      signal?.removeEventListener('abort', onAbort);
      if (left) return;
      leave();
      resolve(r);
    });
  });
}
