import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { KubeConfig } from '@kubernetes/client-node';
import { err, ok, type Result } from '@/lib/wire/errors';
import { CONTEXT_HEADER } from '@/lib/http/boundary';
import { env } from '@/lib/config/env';
import type { Person } from '@/lib/auth/person';
import { readSignedIn } from '@/lib/auth/signed-in';
import { proxiedPerson } from '@/lib/auth/proxy-mode';
import { listContexts, resolveContext } from './client';

// Who is asking and which cluster, resolved once per request — page, route handler, server action
// or event stream. The cluster comes from the `/c/<context>/` prefix of the URL, which the proxy
// copies into a request header (and strips from anything a client sent). The person comes from
// the sign-in: in `oidc` mode every call carries their ID token, so the API server judges them,
// not the dashboard. Every lib/k8s function takes the Session; nothing else passes either around.

export interface Session {
  /** The kubeconfig context, by name (the default one included). */
  context: string;
  /** Credentials for this request. Never leaves the server. */
  kc: KubeConfig;
  /** The API server's URL, for messages. */
  server: string;
  /** The user the API server sees. */
  user: string;
  /** The person signed in; absent in kubeconfig mode, where the kubeconfig's user acts. */
  person?: Person;
  /** Who shares work and cached answers: the same context and the same person. */
  principal: string;
}

/** How the person reaches the API server. */
export type Credential = { kind: 'token'; person: Person; token: string };

/**
 * The session for a context of the server's kubeconfig; any other name is refused. With a
 * credential, the context gives only the cluster (address and CA) and the person's token replaces
 * the kubeconfig's user.
 */
export function sessionFor(context: string, credential?: Credential): Result<Session> {
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
  const server = kc.getCurrentCluster()?.server ?? '(no cluster in this context)';
  if (!credential) return ok({ context, kc, server, user: kc.getCurrentUser()?.name ?? '', principal: context });
  const cluster = kc.getCurrentCluster();
  if (!cluster) return err({ kind: 'unavailable', message: `The context "${context}" names no cluster.` });
  const own = new KubeConfig();
  const { person } = credential;
  own.loadFromOptions({
    clusters: [cluster],
    users: [{ name: person.username, token: credential.token }],
    contexts: [{ name: context, cluster: cluster.name, user: person.username }],
    currentContext: context,
  });
  return ok({ context, kc: own, server, user: person.username, person, principal: `${context}\u0000${person.username}` });
}

/**
 * The signed-in person's credential: in oidc mode from the session cookie (the proxy has refreshed
 * it already); in proxy mode from the authenticating proxy's headers, checked again here (secret
 * and token), so that nothing which reached a page around proxy.ts could act as anyone. Cached per request.
 */
export const personalCredential = cache(async (): Promise<Result<Credential | undefined>> => {
  const mode = env().DASHBOARD_AUTH;
  if (mode === 'kubeconfig') return ok(undefined);
  if (mode === 'proxy') {
    const p = await proxiedPerson(await headers());
    if (p.kind !== 'signed-in') return err({ kind: p.kind === 'provider-down' ? 'unavailable' : 'unauthorized', message: p.message });
    return ok({ kind: 'token', person: p.person, token: p.token });
  }
  const jar = await cookies();
  const signedIn = await readSignedIn((n) => jar.get(n)?.value);
  if (!signedIn)
    return err({ kind: 'unauthorized', message: 'You are not signed in, or your sign-in has ended. Reload the page to sign in again.' });
  return ok({ kind: 'token', person: signedIn.person, token: signedIn.idToken });
});

/** This request's session. Cached per request. */
export const getSession = cache(async (): Promise<Result<Session>> => {
  const encoded = (await headers()).get(CONTEXT_HEADER);
  if (!encoded) return err({ kind: 'invalid', message: 'This address names no cluster context: cluster pages live under /c/<context>/.' });
  const credential = await personalCredential();
  if (!credential.ok) return credential;
  return sessionFor(decodeURIComponent(encoded), credential.value); // the proxy encoded it
});

/** The person signed in for this request, if any (the header shows them). */
export const getPerson = cache(async (): Promise<Person | undefined> => {
  const c = await personalCredential();
  return c.ok ? c.value?.person : undefined;
});

/** For pages: this request's session; an unknown context is the segment's not-found page. */
export async function requireSession(): Promise<Session> {
  const s = await getSession();
  if (s.ok) return s.value;
  if (s.error.kind === 'not_found') notFound();
  throw new Error(s.error.message);
}
