'use client';

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { EMPTY, reads, type ReadState } from '@/lib/query/read-store';

export interface ReadOptions<T> {
  /** Names what is read: equal keys share one answer and one request in flight. */
  key: readonly unknown[];
  read: (signal: AbortSignal) => Promise<T>;
  /** False: nothing is read (yet); what the key holds is still shown. */
  enabled?: boolean;
  /** An answer younger than this is not read again when a component mounts or the tab is looked at. */
  staleMs?: number;
  /** Read again this long after each answer or failure, while the tab is visible; false: not again. */
  every?: number | false | ((state: ReadState<T>) => number | false);
  /** Try a failed read again (twice, unless the server said it will not change). Default true. */
  retry?: boolean;
  /** While a new key has no answer, show the last key's (a list page while the next one loads). */
  keepPrevious?: boolean;
}

export interface ReadResult<T> {
  data?: T;
  /** The last read's failure (an ApiError from lib/query/fetch.ts, or fetch's own TypeError). */
  error?: Error;
  /** No answer and no failure yet. */
  isPending: boolean;
  isFetching: boolean;
  dataUpdatedAt: number;
}

/**
 * A read of the dashboard's own API, cached per tab (lib/query/read-store.ts): read at mount
 * unless a fresh answer is there, again when the tab is looked at if it went stale, and every
 * `every` ms while visible. The first read goes even in a hidden tab, so a page opened in the
 * background has its answer when it is looked at.
 */
export function useRead<T>({
  key,
  read,
  enabled = true,
  staleMs = 5_000,
  every,
  retry = true,
  keepPrevious,
}: ReadOptions<T>): ReadResult<T> {
  const hash = JSON.stringify(key);
  const state = useSyncExternalStore(
    useCallback((listener: () => void) => reads.subscribe(hash, listener), [hash]),
    () => reads.snapshot(hash) as ReadState<T>,
    () => EMPTY,
  );
  // `read` is a new function on every render; the key names what it reads.
  const latestRead = useRef(read);
  useEffect(() => {
    latestRead.current = read;
  });
  const go = useCallback(() => reads.fetch(hash, (signal) => latestRead.current(signal), retry), [hash, retry]);

  useEffect(() => {
    if (!enabled) return;
    if (reads.isStale(hash, staleMs)) void go();
    const onVisible = () => {
      if (!document.hidden && reads.isStale(hash, staleMs)) void go();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [hash, enabled, staleMs, go]);

  const interval = typeof every === 'function' ? every(state) : every;
  useEffect(() => {
    if (!enabled || !interval) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      // Hidden, nobody sees it: look again later. Each settled read starts the wait again.
      if (document.hidden) timer = setTimeout(tick, interval);
      else void go();
    };
    timer = setTimeout(tick, interval);
    return () => clearTimeout(timer);
  }, [enabled, interval, go, state.settled]);

  const [previous, setPrevious] = useState<T>();
  const shown = state.data ?? (keepPrevious ? previous : undefined);
  if (keepPrevious && state.data !== undefined && state.data !== previous) setPrevious(state.data);

  return {
    data: shown,
    error: state.error as Error | undefined,
    isPending: shown === undefined && state.error === undefined,
    isFetching: state.fetching,
    dataUpdatedAt: state.updatedAt,
  };
}

/** Puts an answer read some other way under a key components read with useRead. */
export const setRead = <T>(key: readonly unknown[], data: T) => reads.set(JSON.stringify(key), data);
