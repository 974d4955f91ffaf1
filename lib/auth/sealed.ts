import { EncryptJWT, jwtDecrypt, type JWTPayload } from 'jose';

// Sealed cookie values: the payload encrypted and authenticated (JWE, dir + A256GCM) with a key
// derived from the session secret, so the browser holds it but can neither read nor change it.
// Pure (WebCrypto only): used by the proxy and by route handlers alike, and unit-tested as is.

const PURPOSE = new TextEncoder().encode('kgateway-dashboard cookie v1');

/** A 256-bit key for one purpose (`session`, `sign-in`) from the shared secret, by HKDF-SHA-256. */
export async function cookieKey(secret: string, purpose: string): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: PURPOSE, info: new TextEncoder().encode(purpose) },
    base,
    256,
  );
  return new Uint8Array(bits);
}

/** Encrypts `payload`, valid for `seconds`. */
export async function seal(payload: JWTPayload, key: Uint8Array, seconds: number): Promise<string> {
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${Math.max(1, Math.floor(seconds))}s`)
    .encrypt(key);
}

/** The payload, or undefined when the value is not ours, was changed, or has expired. */
export async function unseal<T extends JWTPayload>(value: string | undefined, key: Uint8Array, now?: Date): Promise<T | undefined> {
  if (!value || value.length > MAX_SEALED) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      currentDate: now,
    });
    return payload as T;
  } catch {
    return undefined;
  }
}

/** Browsers keep about 4096 bytes per cookie; a long value is split over numbered cookies. */
export const CHUNK = 3800;
/** At most this many chunks: a session is a few kilobytes, never more. */
export const MAX_CHUNKS = 6;
const MAX_SEALED = CHUNK * MAX_CHUNKS;

/** The cookies that carry `value` under `name`: `name`, `name.1`, `name.2`, …, and the stale ones to clear. */
export function chunkCookies(name: string, value: string, present: readonly string[]): { set: [string, string][]; clear: string[] } {
  if (value.length > MAX_SEALED) throw new Error(`a sealed cookie of ${value.length} bytes is more than ${MAX_SEALED}`);
  const set: [string, string][] = [];
  for (let i = 0; i * CHUNK < value.length; i++) set.push([chunkName(name, i), value.slice(i * CHUNK, (i + 1) * CHUNK)]);
  const kept = new Set(set.map(([n]) => n));
  return { set, clear: present.filter((n) => isChunkOf(name, n) && !kept.has(n)) };
}

/** Joins the chunks back; undefined when there is no first chunk. */
export function joinChunks(name: string, get: (name: string) => string | undefined): string | undefined {
  const first = get(name);
  if (first === undefined) return undefined;
  let value = first;
  for (let i = 1; i < MAX_CHUNKS; i++) {
    const part = get(chunkName(name, i));
    if (part === undefined) break;
    value += part;
  }
  return value;
}

export function isChunkOf(name: string, cookie: string): boolean {
  return cookie === name || new RegExp(`^${name.replace(/[.-]/g, '\\$&')}\\.[1-9]$`).test(cookie);
}

function chunkName(name: string, i: number): string {
  return i === 0 ? name : `${name}.${i}`;
}
