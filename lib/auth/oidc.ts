import 'server-only';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { env } from '@/lib/config/env';
import { personFromClaims, type ClaimMapping } from './person';
import { REFRESH_BEFORE_S, type SignedIn, type SignInFlow } from './signed-in';

// The OpenID Connect relying party, through openid-client: discovery, the authorization code
// flow with PKCE (S256) and a nonce, refresh, and RP-initiated sign-out. The provider's address
// comes from the configuration only; nothing a browser sends names a server to call.

const TIMEOUT_S = 10;
let discovered: Promise<oidc.Configuration> | undefined;

function provider(): Promise<oidc.Configuration> {
  const e = env();
  discovered ??= oidc
    .discovery(
      new URL(e.DASHBOARD_OIDC_ISSUER!),
      e.DASHBOARD_OIDC_CLIENT_ID!,
      e.DASHBOARD_OIDC_CLIENT_SECRET,
      e.DASHBOARD_OIDC_CLIENT_SECRET ? undefined : oidc.None(),
      { timeout: TIMEOUT_S },
    )
    .catch((cause: unknown) => {
      discovered = undefined; // try again on the next request
      throw new Error(`Cannot reach the sign-in provider ${e.DASHBOARD_OIDC_ISSUER}: ${describe(cause)}`);
    });
  return discovered;
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
}

let keySet: { uri: string; keys: JWTVerifyGetKey } | undefined;

/** The provider's signing keys (its jwks_uri, from discovery), fetched when a token names a new key. */
export async function providerKeys(): Promise<JWTVerifyGetKey> {
  const uri = (await provider()).serverMetadata().jwks_uri;
  if (!uri) throw new Error(`The sign-in provider ${env().DASHBOARD_OIDC_ISSUER} publishes no jwks_uri.`);
  if (keySet?.uri !== uri) keySet = { uri, keys: createRemoteJWKSet(new URL(uri), { timeoutDuration: TIMEOUT_S * 1000 }) };
  return keySet.keys;
}

export function mapping(): ClaimMapping {
  const e = env();
  return {
    usernameClaim: e.DASHBOARD_OIDC_USERNAME_CLAIM,
    groupsClaim: e.DASHBOARD_OIDC_GROUPS_CLAIM,
    prefix: e.DASHBOARD_OIDC_USERNAME_PREFIX,
  };
}

/** Where the provider sends the browser back: the public URL, else the host this request came to (already allow-listed). */
export function redirectUri(host: string): string {
  const pub = env().DASHBOARD_PUBLIC_URL;
  return new URL('/auth/callback', pub ?? `http://${host}`).href;
}

export function postSignOutUri(host: string): string {
  const pub = env().DASHBOARD_PUBLIC_URL;
  return new URL('/auth/signed-out', pub ?? `http://${host}`).href;
}

/** Starts a sign-in: the provider's URL, and what the callback must see again. */
export async function startSignIn(host: string, back: string): Promise<{ url: URL; flow: Omit<SignInFlow, 'iat' | 'exp'> }> {
  const config = await provider();
  const verifier = oidc.randomPKCECodeVerifier();
  const flow = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier, back };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(host),
    scope: env().DASHBOARD_OIDC_SCOPES,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url, flow };
}

/** Ends a sign-in: exchanges the code, checks state, nonce and the ID token, and names the person. */
export async function finishSignIn(host: string, search: URLSearchParams, flow: SignInFlow): Promise<SignedIn> {
  const config = await provider();
  // The redirect_uri of the token request is this URL without its query: the one sent at the start.
  const current = new URL(redirectUri(host));
  current.search = search.toString();
  const tokens = await oidc.authorizationCodeGrant(config, current, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  return toSession(tokens, Math.floor(Date.now() / 1000));
}

function toSession(
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  signedInAt: number,
  previous?: SignedIn,
): SignedIn {
  const claims = tokens.claims();
  if (!tokens.id_token || !claims) throw new Error('The provider sent no ID token.');
  const person = personFromClaims(claims as Record<string, unknown>, mapping());
  if (typeof person === 'string') throw new Error(person);
  if (previous && previous.person.username !== person.username) throw new Error('The refreshed token names someone else.');
  return {
    person,
    idToken: tokens.id_token,
    refreshToken: tokens.refresh_token ?? previous?.refreshToken,
    tokenExpires: claims.exp,
    signedInAt,
  };
}

export function needsRefresh(s: SignedIn, now = Date.now() / 1000): boolean {
  return s.tokenExpires - now < REFRESH_BEFORE_S;
}

/** New tokens before the ID token expires; undefined when the provider will not (the session has ended there). */
export async function refresh(s: SignedIn): Promise<SignedIn | undefined> {
  if (!s.refreshToken) return undefined;
  try {
    const tokens = await oidc.refreshTokenGrant(await provider(), s.refreshToken, { scope: env().DASHBOARD_OIDC_SCOPES });
    return toSession(tokens, s.signedInAt, s);
  } catch (e) {
    if (e instanceof oidc.ResponseBodyError) return undefined; // invalid_grant: signed out at the provider
    throw e;
  }
}

/** The provider's sign-out address for this session, or undefined when it has none. */
export async function endSessionUrl(host: string, idToken: string | undefined): Promise<string | undefined> {
  const config = await provider();
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return oidc
    .buildEndSessionUrl(config, {
      post_logout_redirect_uri: postSignOutUri(host),
      client_id: env().DASHBOARD_OIDC_CLIENT_ID!,
      ...(idToken && { id_token_hint: idToken }),
    })
    .toString();
}
