import { fetchResult } from './fetch';

export const secretKeys = {
  tls: (context: string | undefined, namespace: string) => ['secrets', context ?? '', namespace, 'tls'] as const,
};

/** The namespace's TLS Secret names (no contents), for the tls.secretRef picker. */
export function tlsSecretsQuery(context: string | undefined, namespace: string, href: (path: string) => string, enabled: boolean) {
  return {
    key: secretKeys.tls(context, namespace),
    read: (signal: AbortSignal) => fetchResult<string[]>(href(`/api/secrets/${encodeURIComponent(namespace)}`), { signal }),
    enabled: enabled && context !== undefined && namespace !== '',
    staleMs: 30_000,
  };
}
