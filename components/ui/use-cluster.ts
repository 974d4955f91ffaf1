'use client';

import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { clusterPath, parseClusterPath } from '@/lib/nav/cluster-path';

const LAST = 'kgd-last-context';

/** Remembers `context` as the one this tab last showed: only for a context the server knows. */
export function RememberContext({ context }: { context: string }) {
  useEffect(() => sessionStorage.setItem(LAST, context), [context]);
  return null;
}
const noSubscription = () => () => {};

/**
 * The kubeconfig context of the page on screen, from its address (`/c/<context>/…`). On a page
 * that needs no cluster (an offline dump, a snapshot) it is the one this tab last showed, so the
 * header leads back to the same cluster (remembered by the cluster layout, never an unknown name).
 */
export function useClusterContext(): string | undefined {
  const fromPath = parseClusterPath(usePathname() ?? '')?.context;
  const last = useSyncExternalStore(
    noSubscription,
    () => sessionStorage.getItem(LAST) ?? undefined,
    () => undefined,
  );
  return fromPath ?? last;
}

/**
 * Builds links and API addresses inside the page's cluster: `href('/policies')` →
 * `/c/<context>/policies`. With no context known, the address names none and the server sends it
 * to the default one.
 */
export function useClusterHref(): (path: string) => string {
  const context = useClusterContext();
  return useCallback((path: string) => (context ? clusterPath(context, path) : path), [context]);
}
