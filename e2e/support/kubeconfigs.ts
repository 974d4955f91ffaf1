import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

/**
 * The stack's admin kubeconfig with every token replaced: the real API server answers 401, so the
 * dashboard's "not authenticated" path is tested against the real thing. Returns its path.
 */
export function writeBadTokenKubeconfig(adminKubeconfig: string, out: string): string {
  if (!existsSync(adminKubeconfig)) return out; // the stack is not up; the tests that need it will say so
  const kc = parse(readFileSync(adminKubeconfig, 'utf8')) as { users: { user: { token?: string } }[] };
  for (const u of kc.users) u.user.token = 'expired-or-revoked-token';
  writeFileSync(out, stringify(kc), { mode: 0o600 });
  return out;
}
