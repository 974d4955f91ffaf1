import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { stackDir } from './stack';

// Tokens straight from the stack's Keycloak (the password grant its demo clients allow), for
// requests sent around the browser. Real ID tokens, signed by the realm's key.

export const OIDC_ISSUER = 'https://127.0.0.1:18443/realms/kgateway';
export const PASSWORDS = { alice: 'alice-demo', bob: 'bob-demo', carol: 'carol-demo' } as const;
/** The proxy's confidential client (e2e/stack/keycloak/realm-kgateway.json). Demo secret. */
export const PROXY_CLIENT = { id: 'dashboard-proxy', secret: 'dashboard-proxy-demo-secret' };

/** An ID token of `who` for `client` (the public `dashboard` client, or the proxy's with its secret). */
export function idToken(who: keyof typeof PASSWORDS, client: { id: string; secret?: string } = { id: 'dashboard' }): string {
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: client.id,
    username: who,
    password: PASSWORDS[who],
    scope: 'openid',
  });
  if (client.secret) form.set('client_secret', client.secret);
  const r = spawnSync(
    'curl',
    [
      '-sS',
      '--fail-with-body',
      '--cacert',
      resolve(stackDir, 'run/pki/oidc-ca.crt'),
      '-d',
      form.toString(),
      `${OIDC_ISSUER}/protocol/openid-connect/token`,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`no token for ${who} from ${client.id}: ${r.stdout}${r.stderr}`);
  return (JSON.parse(r.stdout) as { id_token: string }).id_token;
}
