'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';

// On a Gateway page that opens on a cluster view, the sync reads of the Gateway wait for the
// view's first answer. Envoy's admin answers one request at a time, and on a large Envoy the stats
// the sync reads take far longer than one cluster (0.5 s against 0.02 s at 50,000 clusters): asked
// first, they would hold the cluster back. The view's answer brings the sync state with it.

const answered = new Set<string>();
const listeners = new Set<() => void>();
/** However long the view takes, the sync reads wait no longer than this. */
const MAX_WAIT_MS = 10_000;

export const syncHoldKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** The cluster view of this Gateway has its first answer (or gave up): the sync reads may go. */
export function clusterViewAnswered(key: string): void {
  if (answered.has(key)) return;
  answered.add(key);
  listeners.forEach((l) => l());
}

/** True while the sync reads of `key` should wait: only when `wait` (the page opens on a cluster view). */
export function useSyncHeld(key: string, wait: boolean): boolean {
  const done = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => answered.has(key),
    () => false,
  );
  const [timedOut, setTimedOut] = useState(false);
  useEffect(() => {
    if (!wait) return;
    const t = setTimeout(() => setTimedOut(true), MAX_WAIT_MS);
    return () => clearTimeout(t);
  }, [wait]);
  return wait && !done && !timedOut;
}
