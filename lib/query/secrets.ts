import { fetchResult } from './fetch';

export const secretKeys = {
  tls: (context: string | undefined, namespace: string) => ['secrets', context ?? '', namespace, 'tls'] as const,
};

/** The namespace's TLS Secret names (no contents), for the tls.secretRef picker. */
export function tlsSecretsQuery(context: string | undefined, namespace: string, href: (path: string) => string, enabled: boolean) {
  return {
    queryKey: secretKeys.tls(context, namespace),
    queryFn: () => fetchResult<string[]>(href(`/api/secrets/${encodeURIComponent(namespace)}`)),
    enabled: enabled && context !== undefined && namespace !== '',
    staleTime: 30_000,
  };
}
