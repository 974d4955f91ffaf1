import 'server-only';
import { env } from '@/lib/config/env';
import { needsRefresh, refresh } from './oidc';
import { readSignedIn, sessionCookies, endSessionCookies, SESSION_COOKIE, type CookieWrite, type SignedIn } from './signed-in';
import { isChunkOf } from './sealed';

// The sign-in gate the proxy applies in `oidc` mode: who this request is from, with their tokens
// refreshed first when the ID token is about to expire, so that every API call below carries a
// live token. Several requests of one browser racing to refresh share one refresh.

/** Paths anyone may open: signing in and out, the probes, static files. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname.startsWith('/auth/') ||
    pathname === '/api/health' ||
    pathname === '/api/ready' ||
    pathname.startsWith('/_next/static/') ||
    pathname === '/favicon.ico'
  );
}

export type Gate =
  | { kind: 'signed-in'; signedIn: SignedIn; writes: CookieWrite[] }
  | { kind: 'signed-out'; writes: CookieWrite[] }
  | { kind: 'provider-down'; message: string };

const refreshing = new Map<string, Promise<SignedIn | undefined>>();
const MAX_REFRESHING = 1024;

function sharedRefresh(s: SignedIn): Promise<SignedIn | undefined> {
  const key = s.refreshToken ?? '';
  let p = refreshing.get(key);
  if (!p) {
    if (refreshing.size >= MAX_REFRESHING) return Promise.reject(new Error('too many sign-ins refreshing at once'));
    p = refresh(s).finally(() => setTimeout(() => refreshing.delete(key), 5_000).unref());
    refreshing.set(key, p);
  }
  return p;
}

export async function signInGate(cookies: { name: string; value: string }[]): Promise<Gate> {
  const get = (n: string) => cookies.find((c) => c.name === n)?.value;
  const present = cookies.map((c) => c.name);
  const hadSession = present.some((n) => isChunkOf(SESSION_COOKIE, n));
  const s = await readSignedIn(get);
  if (!s) return { kind: 'signed-out', writes: hadSession ? endSessionCookies(present) : [] };
  if (s.signedInAt + env().DASHBOARD_SESSION_MAX_HOURS * 3600 <= Date.now() / 1000)
    return { kind: 'signed-out', writes: endSessionCookies(present) };
  if (!needsRefresh(s)) return { kind: 'signed-in', signedIn: s, writes: [] };
  let fresh: SignedIn | undefined;
  try {
    fresh = await sharedRefresh(s);
  } catch (e) {
    if (s.tokenExpires > Date.now() / 1000 + 5) return { kind: 'signed-in', signedIn: s, writes: [] }; // still good for now
    return {
      kind: 'provider-down',
      message: `Your sign-in needs renewing, and the sign-in provider cannot be reached: ${(e as Error).message}`,
    };
  }
  if (!fresh) return { kind: 'signed-out', writes: endSessionCookies(present) };
  return { kind: 'signed-in', signedIn: fresh, writes: await sessionCookies(fresh, present) };
}
