import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import type { KubeConfig } from '@kubernetes/client-node';
import { err, ok, type Result } from '@/lib/wire/errors';
import { CONTEXT_HEADER } from '@/lib/http/boundary';
import { listContexts, resolveContext } from './client';

// Who is asking and which cluster, resolved once per request — page, route handler, server action
// or event stream — from the one place that knows: the `/c/<context>/` prefix of the URL, which
// the proxy copies into a request header (and strips from anything a client sent). Every lib/k8s
// function takes the Session; nothing else passes a context around.

export interface Session {
  /** The kubeconfig context, by name (the default one included). */
  context: string;
  /** Credentials for this request. Never leaves the server. */
  kc: KubeConfig;
  /** The API server's URL, for messages. */
  server: string;
  /** The kubeconfig user the API server sees. */
  user: string;
}

/** The session for a context of the server's kubeconfig; any other name is refused. */
export function sessionFor(context: string): Result<Session> {
  let kc: KubeConfig | undefined;
  try {
    kc = resolveContext(context);
  } catch (e) {
    return err({ kind: 'unavailable', message: `No usable kubeconfig: ${(e as Error).message}. Set KUBECONFIG or run npm run stack:up.` });
  }
  if (!kc) {
    const names = listContexts().map((c) => c.name);
    return err({
      kind: 'not_found',
      message: `There is no context "${context}" in the dashboard's kubeconfig. Its contexts: ${names.join(', ') || 'none'}.`,
    });
  }
  return ok({
    context,
    kc,
    server: kc.getCurrentCluster()?.server ?? '(no cluster in this context)',
    user: kc.getCurrentUser()?.name ?? '',
  });
}

/** This request's session. Cached per request. */
export const getSession = cache(async (): Promise<Result<Session>> => {
  const encoded = (await headers()).get(CONTEXT_HEADER);
  if (!encoded) return err({ kind: 'invalid', message: 'This address names no cluster context: cluster pages live under /c/<context>/.' });
  return sessionFor(decodeURIComponent(encoded)); // the proxy encoded it
});

/** For pages: this request's session; an unknown context is the segment's not-found page. */
export async function requireSession(): Promise<Session> {
  const s = await getSession();
  if (s.ok) return s.value;
  if (s.error.kind === 'not_found') notFound();
  throw new Error(s.error.message);
}
