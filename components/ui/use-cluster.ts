'use client';

import { usePathname } from 'next/navigation';
import { useCallback } from 'react';
import { clusterPath, parseClusterPath } from '@/lib/nav/cluster-path';

/** The kubeconfig context of the page on screen, from its address (`/c/<context>/…`). */
export function useClusterContext(): string | undefined {
  return parseClusterPath(usePathname() ?? '')?.context;
}

/**
 * Builds links and API addresses inside the page's cluster: `href('/policies')` →
 * `/c/<context>/policies`. Outside a cluster page (an offline dump) the address names no context,
 * and the server sends it to the default one.
 */
export function useClusterHref(): (path: string) => string {
  const context = useClusterContext();
  return useCallback((path: string) => (context ? clusterPath(context, path) : path), [context]);
}
