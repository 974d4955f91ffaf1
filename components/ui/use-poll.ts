'use client';

import { useEffect, useState } from 'react';

/**
 * A read asked again `everyMs` after each answer, while the tab is visible; the last answer stays
 * on screen when a later read fails. For a page whose only query is one periodic read (the Services
 * page's Gateway badges): React Query would be 10 KiB of that page's first-load JavaScript (issue
 * 13's budget) for what this does. Pages whose queries share a cache or are invalidated by writes
 * keep React Query.
 */
export function usePoll<T>(key: string, read: (signal: AbortSignal) => Promise<T>, everyMs: number): { data?: T; error?: unknown } {
  const [state, setState] = useState<{ key: string; data?: T; error?: unknown }>({ key });
  useEffect(() => {
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = () => {
      timer = setTimeout(() => run(), everyMs);
    };
    const run = (first = false) => {
      // Hidden, nobody sees it: look again later, as React Query's refetchInterval does. The first
      // read goes anyway, so a tab opened in the background has an answer when it is looked at.
      if (document.hidden && !first) return next();
      read(stop.signal).then(
        (data) => {
          if (stop.signal.aborted) return;
          setState({ key, data });
          next();
        },
        (error: unknown) => {
          if (stop.signal.aborted) return;
          setState((s) => ({ key, data: s.key === key ? s.data : undefined, error }));
          next();
        },
      );
    };
    run(true);
    return () => {
      stop.abort();
      clearTimeout(timer);
    };
    // `read` is a new function on every render; the key names what it reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, everyMs]);
  return state.key === key ? { data: state.data, error: state.error } : {};
}
