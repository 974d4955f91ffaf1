import 'server-only';
import type { JWTPayload } from 'jose';
import type { NextResponse } from 'next/server';
import { env } from '@/lib/config/env';
import { chunkCookies, cookieKey, isChunkOf, joinChunks, seal, unseal } from './sealed';
import type { Person } from './person';
export { safeBack } from './back';

// The signed-in session, held by the browser in an encrypted HttpOnly cookie (no server-side
// store: any replica reads it, and a restart signs no one out). Page JavaScript never sees it:
// HttpOnly, and nothing the server sends the browser contains a token.

export const SESSION_COOKIE = 'kgd-session';
export const SIGNIN_COOKIE = 'kgd-signin';
/** Refresh this long before the ID token expires, so no API call goes out with a dying token. */
export const REFRESH_BEFORE_S = 60;
const SIGNIN_S = 600;

export interface SignedIn extends JWTPayload {
  person: Person;
  idToken: string;
  refreshToken?: string;
  /** When the ID token expires, in seconds since the epoch. */
  tokenExpires: number;
  /** When the sign-in happened; the session ends DASHBOARD_SESSION_MAX_HOURS later, refreshes or not. */
  signedInAt: number;
}

/** A sign-in under way: what the callback must see again. */
export interface SignInFlow extends JWTPayload {
  state: string;
  nonce: string;
  verifier: string;
  /** The local path to return to. */
  back: string;
}

type Keys = { session: Uint8Array; signIn: Uint8Array };
let keys: Promise<Keys> | undefined;
function keysOf(): Promise<Keys> {
  const secret = env().DASHBOARD_SESSION_SECRET;
  if (!secret) throw new Error('DASHBOARD_SESSION_SECRET is not set');
  keys ??= Promise.all([cookieKey(secret, 'session'), cookieKey(secret, 'sign-in')]).then(([session, signIn]) => ({ session, signIn }));
  return keys;
}

export function secureCookies(): boolean {
  return env().DASHBOARD_PUBLIC_URL?.startsWith('https:') ?? false;
}

export interface CookieWrite {
  name: string;
  value: string;
  maxAge: number;
}

const base = () => ({ httpOnly: true, sameSite: 'lax' as const, path: '/', secure: secureCookies() });
export const cookieOptions = (maxAge: number) => ({ ...base(), maxAge });

/** Writes sign-in cookies on a response, each the same way (HttpOnly, Lax, Secure behind https); maxAge 0 clears one. */
export function setCookies(response: NextResponse, writes: readonly CookieWrite[]): void {
  for (const w of writes) response.cookies.set(w.name, w.value, cookieOptions(w.maxAge));
}

export async function readSignedIn(get: (name: string) => string | undefined): Promise<SignedIn | undefined> {
  const s = await unseal<SignedIn>(joinChunks(SESSION_COOKIE, get), (await keysOf()).session);
  if (!s || typeof s.idToken !== 'string' || !s.person?.username) return undefined;
  return s;
}

/** The cookies that store `s` (and clear chunks a longer earlier value left), for what is left of its lifetime. */
export async function sessionCookies(s: SignedIn, present: readonly string[]): Promise<CookieWrite[]> {
  const left = s.signedInAt + env().DASHBOARD_SESSION_MAX_HOURS * 3600 - Math.floor(Date.now() / 1000);
  const value = await seal(s, (await keysOf()).session, left);
  const { set, clear } = chunkCookies(SESSION_COOKIE, value, present);
  return [...set.map(([name, v]) => ({ name, value: v, maxAge: left })), ...clear.map((name) => ({ name, value: '', maxAge: 0 }))];
}

/** Cookies that end the session. */
export function endSessionCookies(present: readonly string[]): CookieWrite[] {
  return present.filter((n) => isChunkOf(SESSION_COOKIE, n)).map((name) => ({ name, value: '', maxAge: 0 }));
}

export async function sealSignIn(flow: Omit<SignInFlow, keyof JWTPayload>): Promise<CookieWrite> {
  return { name: SIGNIN_COOKIE, value: await seal(flow, (await keysOf()).signIn, SIGNIN_S), maxAge: SIGNIN_S };
}

export async function readSignIn(value: string | undefined): Promise<SignInFlow | undefined> {
  return unseal<SignInFlow>(value, (await keysOf()).signIn);
}
