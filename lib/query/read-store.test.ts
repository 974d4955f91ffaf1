import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './fetch';
import { IDLE_MS, MAX_ENTRIES, ReadStore, isTransient } from './read-store';

const notFound = () => new ApiError({ kind: 'not_found', message: 'policies "x" not found' }, 404);
const unavailable = () => new ApiError({ kind: 'unavailable', message: 'connection refused' }, 503);

describe('ReadStore', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks once for a key however many components read it at the same time', async () => {
    const store = new ReadStore();
    const read = vi.fn(async () => ['tls-a', 'tls-b']);
    store.subscribe('k', () => {});
    await Promise.all([store.fetch('k', read), store.fetch('k', read), store.fetch('k', read)]);
    expect(read).toHaveBeenCalledTimes(1);
    expect(store.snapshot('k')).toMatchObject({ data: ['tls-a', 'tls-b'], fetching: false, settled: 1 });
  });

  it('keeps the same state object until something changes, and tells every listener when it does', async () => {
    const store = new ReadStore();
    const a = vi.fn();
    const b = vi.fn();
    store.subscribe('k', a);
    store.subscribe('k', b);
    const before = store.snapshot('k');
    expect(store.snapshot('k')).toBe(before);
    await store.fetch('k', async () => 1);
    expect(store.snapshot('k')).not.toBe(before);
    expect(a).toHaveBeenCalledTimes(2); // fetching, then answered
    expect(b).toHaveBeenCalledTimes(2);
  });

  it('tries a transient failure twice more, 1 s then 2 s later, and keeps the data it had', async () => {
    const store = new ReadStore();
    store.subscribe('k', () => {});
    await store.fetch('k', async () => 'first');
    const read = vi.fn(async () => Promise.reject(unavailable()));
    const done = store.fetch('k', read);
    await vi.advanceTimersByTimeAsync(999);
    expect(read).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(read).toHaveBeenCalledTimes(2);
    expect(store.snapshot('k').fetching).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    await done;
    expect(read).toHaveBeenCalledTimes(3);
    const s = store.snapshot('k');
    expect(s.data).toBe('first');
    expect((s.error as ApiError).appError.message).toBe('connection refused');
    expect(s.fetching).toBe(false);
  });

  it('does not ask again when the server said the answer will not change (404), or when told not to retry', async () => {
    const store = new ReadStore();
    store.subscribe('k', () => {});
    const read = vi.fn(async () => Promise.reject(notFound()));
    await store.fetch('k', read);
    expect(read).toHaveBeenCalledTimes(1);
    expect((store.snapshot('k').error as ApiError).status).toBe(404);
    const flaky = vi.fn(async () => Promise.reject(unavailable()));
    await store.fetch('k', flaky, false);
    expect(flaky).toHaveBeenCalledTimes(1);
  });

  it('clears the failure on the next answer', async () => {
    const store = new ReadStore();
    store.subscribe('k', () => {});
    await store.fetch('k', async () => Promise.reject(notFound()));
    await store.fetch('k', async () => 'back');
    expect(store.snapshot('k')).toMatchObject({ data: 'back', error: undefined, settled: 2 });
  });

  it('stops a read nobody shows any more, and does not report its abort as a failure', async () => {
    const store = new ReadStore();
    const stop = store.subscribe('k', () => {});
    let signal: AbortSignal | undefined;
    const done = store.fetch(
      'k',
      (s) =>
        new Promise((_, reject) => {
          signal = s;
          s.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    stop();
    await done;
    expect(signal?.aborted).toBe(true);
    expect(store.snapshot('k').error).toBeUndefined();
    expect(store.snapshot('k')).toMatchObject({ fetching: false, settled: 0 });
  });

  it('says stale before any answer and once the answer is older than asked', async () => {
    const store = new ReadStore();
    store.subscribe('k', () => {});
    expect(store.isStale('k', 5000)).toBe(true);
    await store.fetch('k', async () => 1);
    expect(store.isStale('k', 5000)).toBe(false);
    expect(store.isStale('k', Infinity)).toBe(false);
    vi.advanceTimersByTime(5000);
    expect(store.isStale('k', 5000)).toBe(true);
  });

  it('takes an answer read elsewhere as fresh data', () => {
    const store = new ReadStore();
    const listener = vi.fn();
    store.subscribe('sync', listener);
    store.set('sync', { state: 'SYNCED' });
    expect(store.snapshot('sync')).toMatchObject({ data: { state: 'SYNCED' }, settled: 1 });
    expect(store.isStale('sync', 5000)).toBe(false);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('forgets a key nobody has shown for IDLE_MS, and keeps one on screen', async () => {
    const store = new ReadStore();
    const stop = store.subscribe('gone', () => {});
    store.subscribe('shown', () => {});
    await store.fetch('gone', async () => 1);
    await store.fetch('shown', async () => 2);
    stop();
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(store.snapshot('gone').data).toBe(1);
    vi.advanceTimersByTime(1);
    expect(store.snapshot('gone').data).toBeUndefined();
    expect(store.snapshot('shown').data).toBe(2);
  });

  it(`holds at most ${MAX_ENTRIES} keys, dropping the least recently used one nobody shows`, async () => {
    const store = new ReadStore();
    store.subscribe('on-screen', () => {});
    await store.fetch('on-screen', async () => 'kept');
    for (let i = 0; i < MAX_ENTRIES + 50; i++) await store.fetch(`page-${i}`, async () => i);
    expect(store.size).toBe(MAX_ENTRIES);
    expect(store.snapshot('on-screen').data).toBe('kept');
    expect(store.snapshot('page-0').data).toBeUndefined();
    expect(store.snapshot(`page-${MAX_ENTRIES + 49}`).data).toBe(MAX_ENTRIES + 49);
  });
});

describe('isTransient', () => {
  it('retries what may pass and leaves what will not', () => {
    expect(isTransient(unavailable())).toBe(true);
    expect(isTransient(new TypeError('Failed to fetch'))).toBe(true);
    expect(isTransient(notFound())).toBe(false);
    expect(isTransient(new ApiError({ kind: 'forbidden', message: 'no' }, 403))).toBe(false);
    expect(isTransient(new DOMException('aborted', 'AbortError'))).toBe(false);
  });
});
