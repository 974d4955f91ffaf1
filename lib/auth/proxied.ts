import { createHash, timingSafeEqual } from 'node:crypto';
import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { personFromClaims, type ClaimMapping, type Person } from './person';

// DASHBOARD_AUTH=proxy: an authenticating proxy (oauth2-proxy) signs people in and passes each
// request on with the person's ID token (`Authorization: Bearer …`) and a shared secret header
// that proves the request came through it. The dashboard trusts neither alone: the secret says
// "through the proxy", the token, verified here against the provider's keys (issuer, audience,
// expiry), says who. No user or group header is ever believed; the API server sees the token.
// Checked by the proxy (proxy.ts) and again wherever a credential is taken (lib/k8s/session.ts).

/** Headers that claim an identity. Sent straight to the dashboard, they are forged. */
const IDENTITY_HEADERS = [
  'authorization',
  'x-forwarded-user',
  'x-forwarded-email',
  'x-forwarded-groups',
  'x-forwarded-preferred-username',
  'x-forwarded-access-token',
  'x-auth-request-user',
  'x-auth-request-email',
  'x-auth-request-groups',
  'x-auth-request-preferred-username',
  'x-auth-request-access-token',
  'x-remote-user',
  'x-remote-group',
  'remote-user',
];

export interface ProxySettings {
  secret: string;
  /** The header the proxy puts the secret in. */
  header: string;
  issuer: string;
  /** The proxy's client id: its ID tokens carry it as an audience. */
  audience: string;
  mapping: ClaimMapping;
}

export type Proxied =
  | { kind: 'signed-in'; person: Person; token: string }
  /** A request that names a person but did not come through the proxy. */
  | { kind: 'forged'; message: string }
  /** No proxy secret: someone opened the dashboard around its proxy. */
  | { kind: 'not-proxied'; message: string }
  /** Through the proxy, but with no token or one that does not verify. */
  | { kind: 'bad-token'; message: string }
  /** The provider's keys cannot be read, so no token can be checked. */
  | { kind: 'provider-down'; message: string };

/** Compares in constant time (both sides hashed first, so their lengths say nothing either). */
export function sameSecret(sent: string | null, secret: string): boolean {
  if (sent === null) return false;
  const a = createHash('sha256').update(sent).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

export function identityHeadersIn(headers: Headers): string[] {
  return IDENTITY_HEADERS.filter((h) => headers.has(h)).concat([...headers.keys()].filter((h) => h.startsWith('impersonate-')));
}

/** Whether this request came through the proxy (its secret is right). */
export function throughProxy(headers: Headers, s: Pick<ProxySettings, 'secret' | 'header'>): boolean {
  return sameSecret(headers.get(s.header), s.secret);
}

const MAX_TOKEN = 16 * 1024;

/** Who this request is from, judged from its headers alone. */
export async function proxied(headers: Headers, s: ProxySettings, keysOf: () => Promise<JWTVerifyGetKey>): Promise<Proxied> {
  if (!throughProxy(headers, s)) {
    const claimed = identityHeadersIn(headers);
    if (claimed.length)
      return {
        kind: 'forged',
        message: `Refused: this request names a person (${claimed.join(', ')}) but did not come through the dashboard's authenticating proxy.`,
      };
    return {
      kind: 'not-proxied',
      message: "This dashboard signs people in through its authenticating proxy: open it at the proxy's address, not the dashboard's own.",
    };
  }
  const auth = headers.get('authorization') ?? '';
  const token = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(auth)?.[1];
  if (!token || token.length > MAX_TOKEN)
    return {
      kind: 'bad-token',
      message: 'The authenticating proxy passed no ID token (Authorization: Bearer …): configure it to pass the id_token claim.',
    };
  let keys: JWTVerifyGetKey;
  try {
    keys = await keysOf();
  } catch (e) {
    return { kind: 'provider-down', message: `The sign-in provider's keys cannot be read: ${(e as Error).message}` };
  }
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: s.issuer,
      audience: s.audience,
      clockTolerance: 5,
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
    });
    const person = personFromClaims(payload as Record<string, unknown>, s.mapping);
    if (typeof person === 'string') return { kind: 'bad-token', message: person };
    return { kind: 'signed-in', person, token };
  } catch (e) {
    if (e instanceof errors.JWKSTimeout || (e instanceof TypeError && /fetch/.test(e.message)))
      return { kind: 'provider-down', message: `The sign-in provider's keys cannot be read: ${e.message}` };
    const why =
      e instanceof errors.JWTExpired
        ? 'it has expired (the proxy should refresh it first: oauth2-proxy --cookie-refresh shorter than the token lifetime)'
        : e instanceof errors.JWTClaimValidationFailed
          ? `its "${e.claim}" claim is not this dashboard's (${e.message})`
          : (e as Error).message;
    return { kind: 'bad-token', message: `The ID token the authenticating proxy passed does not verify: ${why}.` };
  }
}
