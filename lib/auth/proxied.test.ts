import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { proxied, sameSecret, type ProxySettings } from './proxied';

// The proxy mode's judgement of a request, with real signatures: RS256 keys made here, tokens
// shaped as the stack's Keycloak issues them for the proxy's client (docs/notes/keycloak-on-loopback.md).

const ISSUER = 'https://127.0.0.1:18443/realms/kgateway';
const SECRET = 'proxy-secret-for-unit-tests-0123456789';
const settings: ProxySettings = {
  secret: SECRET,
  header: 'x-dashboard-proxy-secret',
  issuer: ISSUER,
  audience: 'dashboard-proxy',
  mapping: { usernameClaim: 'preferred_username', groupsClaim: 'groups', prefix: 'oidc:' },
};

let keys: JWTVerifyGetKey;
let sign: (claims: Record<string, unknown>, expiresIn?: string) => Promise<string>;
let signWithOtherKey: (claims: Record<string, unknown>) => Promise<string>;

beforeAll(async () => {
  const own = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(own.publicKey)), kid: 'k1', alg: 'RS256' }] });
  const make =
    (key: CryptoKey, kid: string) =>
    (claims: Record<string, unknown>, expiresIn = '300s') =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt().setExpirationTime(expiresIn).sign(key);
  sign = make(own.privateKey, 'k1');
  signWithOtherKey = make(other.privateKey, 'k1');
});

const alice = {
  iss: ISSUER,
  aud: ['dashboard-proxy', 'dashboard'],
  azp: 'dashboard-proxy',
  preferred_username: 'alice',
  groups: ['platform'],
};
const judge = (h: Record<string, string>) => proxied(new Headers(h), settings, async () => keys);
const viaProxy = (token?: string) => ({
  'x-dashboard-proxy-secret': SECRET,
  ...(token !== undefined && { authorization: `Bearer ${token}` }),
});

describe('proxied', () => {
  it('takes the person from a verified ID token that came through the proxy', async () => {
    const token = await sign(alice);
    expect(await judge(viaProxy(token))).toEqual({
      kind: 'signed-in',
      person: { username: 'oidc:alice', groups: ['oidc:platform'], display: 'alice' },
      token,
    });
  });

  it('never believes user or group headers, even through the proxy: the token says who', async () => {
    const token = await sign(alice);
    const r = await judge({ ...viaProxy(token), 'x-forwarded-user': 'carol', 'x-forwarded-groups': 'system:masters' });
    expect(r).toMatchObject({ kind: 'signed-in', person: { username: 'oidc:alice', groups: ['oidc:platform'] } });
  });

  it('refuses identity headers that did not come through the proxy, naming them', async () => {
    const token = await sign(alice);
    const cases: Record<string, string>[] = [
      { 'x-forwarded-user': 'alice' },
      { authorization: `Bearer ${token}` },
      { 'x-auth-request-user': 'alice', 'x-dashboard-proxy-secret': 'a-guess-at-the-secret-0123456789abcdef' },
      { 'impersonate-user': 'alice' },
    ];
    for (const h of cases) {
      const r = await judge(h);
      expect(r.kind, JSON.stringify(h)).toBe('forged');
      expect((r as { message: string }).message).toContain(Object.keys(h)[0]);
    }
  });

  it('tells someone who went around the proxy where to go', async () => {
    expect(await judge({})).toMatchObject({ kind: 'not-proxied', message: expect.stringContaining("proxy's address") });
  });

  it('refuses a token that does not verify, saying why', async () => {
    const cases: [Promise<string> | string, RegExp][] = [
      [sign(alice, '-10s'), /expired/],
      [sign({ ...alice, aud: 'another-client' }), /"aud" claim/],
      [sign({ ...alice, iss: 'https://elsewhere.example/realms/kgateway' }), /"iss" claim/],
      [signWithOtherKey(alice), /signature verification failed/],
      [
        // alg "none": unsigned, with the same claims
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...alice, exp: 2e9 })).toString('base64url')}.`,
        /.+/,
      ],
      [sign({ ...alice, preferred_username: undefined }), /no "preferred_username" claim/],
    ];
    for (const [token, why] of cases) {
      const r = await judge(viaProxy(await token));
      expect(r.kind).toBe('bad-token');
      expect((r as { message: string }).message).toMatch(why);
    }
    expect(await judge(viaProxy())).toMatchObject({ kind: 'bad-token', message: expect.stringContaining('passed no ID token') });
    expect((await judge({ ...viaProxy(), authorization: 'Basic YWxpY2U6eA==' })).kind).toBe('bad-token');
    expect((await judge(viaProxy('x'.repeat(20_000)))).kind).toBe('bad-token');
  });

  it("says so when the provider's keys cannot be read", async () => {
    const token = await sign(alice);
    const r = await proxied(new Headers(viaProxy(token)), settings, () =>
      Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:18443')),
    );
    expect(r).toEqual({ kind: 'provider-down', message: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('sameSecret', () => {
  it('matches the secret exactly, whatever the lengths', () => {
    expect(sameSecret(SECRET, SECRET)).toBe(true);
    expect(sameSecret(SECRET.slice(0, -1), SECRET)).toBe(false);
    expect(sameSecret(`${SECRET}x`, SECRET)).toBe(false);
    expect(sameSecret('', SECRET)).toBe(false);
    expect(sameSecret(null, SECRET)).toBe(false);
  });
});
