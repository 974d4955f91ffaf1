'use client';

import type { DumpSummary } from '@/lib/envoy/config-dump';
import { ApiError, fetchJson, fetchResult } from '@/lib/query/fetch';
import { useRead } from '@/components/ui/use-read';

export interface DumpMeta {
  id: string;
  pod: string;
  namespace: string;
  gateway: string;
  fetchedAt: string;
  bytes: number;
  summary: DumpSummary;
}

/** The id of a link that asks for the pod's dump as it is now (a cluster view reads only its clusters). */
export const LATEST = 'latest';

/**
 * The summary of a dump the server keeps. An old link's dump may be gone from the server; then the
 * same pod's current dump is read again (the link carries its gateway and pod) and replaces it,
 * and the page says so. A `latest` link reads it at once.
 */
export function useKeptDump(href: (path: string) => string, id: string, origin: { gateway?: string; pod?: string }) {
  return useRead({
    key: ['kept-dump', href(''), id, origin.gateway, origin.pod],
    staleMs: Infinity,
    retry: false,
    read: async (): Promise<{ meta: DumpMeta; refetched: boolean }> => {
      if (id !== LATEST) {
        try {
          return { meta: await fetchJson<DumpMeta>(href(`/api/dumps/${id}?part=summary`)), refetched: false };
        } catch (e) {
          if (!(e instanceof ApiError) || e.appError.kind !== 'not_found' || !origin.gateway || !origin.pod) throw e;
        }
      }
      const [gwNs, gwName] = (origin.gateway ?? '').split('/');
      if (!gwNs || !gwName || !origin.pod) throw new Error('This link names no gateway and pod to read a dump from.');
      const again = await fetchResult<{ id: string }>(
        href(`/api/gateways/${encodeURIComponent(gwNs)}/${encodeURIComponent(gwName)}/dump?pod=${encodeURIComponent(origin.pod)}`),
      ).catch((f: unknown) => {
        const why = f instanceof ApiError ? f.appError.message : String(f);
        throw new Error(
          id === LATEST
            ? `The dump of ${origin.pod} could not be read: ${why}`
            : `The dump this link showed is no longer kept, and its replica cannot be read again: ${why}`,
        );
      });
      return { meta: await fetchJson<DumpMeta>(href(`/api/dumps/${again.id}?part=summary`)), refetched: id !== LATEST };
    },
  });
}
