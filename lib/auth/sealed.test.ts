import { describe, expect, it } from 'vitest';
import { CHUNK, MAX_CHUNKS, chunkCookies, cookieKey, isChunkOf, joinChunks, seal, unseal } from './sealed';

const SECRET = 'a-session-secret-of-at-least-32-characters';

describe('sealed cookie values', () => {
  it('round-trips a payload, and the value shows nothing of it', async () => {
    const key = await cookieKey(SECRET, 'session');
    const value = await seal({ idToken: 'eyJ.secret.token', person: { username: 'oidc:alice' } }, key, 60);
    expect(value).not.toContain('secret');
    expect(value).not.toContain('alice');
    expect(value.split('.')).toHaveLength(5); // compact JWE
    await expect(unseal(value, key)).resolves.toMatchObject({ idToken: 'eyJ.secret.token', person: { username: 'oidc:alice' } });
  });

  it('refuses a value sealed for another purpose, with another secret, changed, or expired', async () => {
    const session = await cookieKey(SECRET, 'session');
    const signIn = await cookieKey(SECRET, 'sign-in');
    const other = await cookieKey(`${SECRET}-other`, 'session');
    expect(Buffer.from(session).equals(Buffer.from(signIn))).toBe(false);
    const value = await seal({ a: 1 }, session, 60);
    await expect(unseal(value, signIn)).resolves.toBeUndefined();
    await expect(unseal(value, other)).resolves.toBeUndefined();
    const parts = value.split('.');
    const text = parts[3]!;
    const flipped = text.startsWith('A') ? `B${text.slice(1)}` : `A${text.slice(1)}`;
    await expect(unseal([...parts.slice(0, 3), flipped, parts[4]].join('.'), session)).resolves.toBeUndefined();
    await expect(unseal('not a jwe', session)).resolves.toBeUndefined();
    await expect(unseal(undefined, session)).resolves.toBeUndefined();
    await expect(unseal('x'.repeat(CHUNK * MAX_CHUNKS + 1), session)).resolves.toBeUndefined();
    await expect(unseal(value, session, new Date(Date.now() + 59_000))).resolves.toMatchObject({ a: 1 });
    await expect(unseal(value, session, new Date(Date.now() + 61_000))).resolves.toBeUndefined();
  });

  it('splits a long value over numbered cookies, joins it back, and clears chunks a longer value left', () => {
    const value = 'v'.repeat(CHUNK * 2 + 10);
    const { set, clear } = chunkCookies('kgd-session', value, ['kgd-session', 'kgd-session.1', 'kgd-session.2', 'kgd-session.3', 'other']);
    expect(set.map(([n]) => n)).toEqual(['kgd-session', 'kgd-session.1', 'kgd-session.2']);
    expect(set.every(([, v]) => v.length <= CHUNK)).toBe(true);
    expect(clear).toEqual(['kgd-session.3']);
    const jar = new Map(set);
    expect(joinChunks('kgd-session', (n) => jar.get(n))).toBe(value);
    expect(joinChunks('kgd-session', () => undefined)).toBeUndefined();
    expect(() => chunkCookies('kgd-session', 'v'.repeat(CHUNK * MAX_CHUNKS + 1), [])).toThrow(/more than/);
  });

  it('knows its own chunks and nothing else', () => {
    expect(isChunkOf('kgd-session', 'kgd-session')).toBe(true);
    expect(isChunkOf('kgd-session', 'kgd-session.5')).toBe(true);
    expect(isChunkOf('kgd-session', 'kgd-session.0')).toBe(false);
    expect(isChunkOf('kgd-session', 'kgd-sessionX1')).toBe(false);
    expect(isChunkOf('kgd-session', 'kgd-signin')).toBe(false);
  });
});
