import { NextResponse, type NextRequest } from 'next/server';
import { notFound } from 'next/navigation';
import { env } from '@/lib/config/env';
import { startSignIn } from '@/lib/auth/oidc';
import { safeBack, sealSignIn, setCookies } from '@/lib/auth/signed-in';
import { signInProblem } from '../problem';

// GET /auth/login?back=/c/x/services — starts a sign-in at the provider. What the callback must
// see again (state, nonce, the PKCE verifier) travels in a sealed cookie of its own, not in any
// server's memory, so the callback may land on another replica.
export async function GET(request: NextRequest) {
  if (env().DASHBOARD_AUTH !== 'oidc') notFound();
  const back = safeBack(request.nextUrl.searchParams.get('back'));
  let started;
  try {
    started = await startSignIn(request.headers.get('host')!, back);
  } catch (e) {
    return signInProblem(503, 'The sign-in provider cannot be reached', (e as Error).message, back);
  }
  const flow = await sealSignIn(started.flow);
  const response = NextResponse.redirect(started.url, { status: 303, headers: { 'cache-control': 'no-store' } });
  setCookies(response, [flow]);
  return response;
}
