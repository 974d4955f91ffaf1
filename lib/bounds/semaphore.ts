// A counting semaphore with a bounded queue: at most `max` holders, at most `queue` waiting. A
// waiter whose signal aborts leaves the queue. Past the queue, acquiring fails at once with a
// message the caller can show: a bound is a clear answer, never a pile-up. Pure.

export class Busy extends Error {}

export class Semaphore {
  private held = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(
    readonly max: number,
    readonly queue: number,
    private readonly what: string,
  ) {}

  get inUse(): number {
    return this.held;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a place is free; rejects with Busy or the abort reason. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.held < this.max) return Promise.resolve(this.grant());
    if (this.waiting.length >= this.queue) {
      return Promise.reject(new Busy(`${this.max} ${this.what} are open and ${this.queue} more wait: try again shortly.`));
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.grant());
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private grant(): () => void {
    this.held++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
      this.waiting.shift()?.grant();
    };
  }
}
