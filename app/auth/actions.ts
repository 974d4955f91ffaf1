'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { env } from '@/lib/config/env';
import { endSessionUrl } from '@/lib/auth/oidc';
import { cookieOptions, endSessionCookies, readSignedIn } from '@/lib/auth/signed-in';

/**
 * Ends the session here (its cookies go) and at the provider (RP-initiated logout with the ID
 * token as hint), which sends the browser back to /auth/signed-out. When the provider has no
 * sign-out endpoint or cannot be reached, the dashboard's session ends all the same.
 */
export async function signOut(): Promise<void> {
  if (env().DASHBOARD_AUTH !== 'oidc') return;
  const jar = await cookies();
  const signedIn = await readSignedIn((n) => jar.get(n)?.value);
  for (const w of endSessionCookies(jar.getAll().map((c) => c.name))) jar.set(w.name, '', cookieOptions(0));
  const host = (await headers()).get('host')!;
  const atProvider = await endSessionUrl(host, signedIn?.idToken).catch(() => undefined);
  redirect(atProvider ?? '/auth/signed-out');
}
