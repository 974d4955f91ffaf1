import { NextResponse, type NextRequest } from 'next/server';
import { notFound } from 'next/navigation';
import { env } from '@/lib/config/env';
import { finishSignIn } from '@/lib/auth/oidc';
import { readSignIn, sessionCookies, setCookies, SIGNIN_COOKIE } from '@/lib/auth/signed-in';
import { signInProblem } from '../problem';

// GET /auth/callback?code=…&state=… — the provider sends the browser back here. The code is
// exchanged only with the sign-in's own verifier, state and nonce (from its sealed cookie); the
// ID token is checked by openid-client (issuer, audience, signature, expiry, nonce).
export async function GET(request: NextRequest) {
  if (env().DASHBOARD_AUTH !== 'oidc') notFound();
  const params = request.nextUrl.searchParams;
  const flow = await readSignIn(request.cookies.get(SIGNIN_COOKIE)?.value);
  if (!flow)
    return signInProblem(400, 'This sign-in has expired', 'The sign-in took longer than 10 minutes, or was started in another browser.');
  const providerError = params.get('error');
  if (providerError) {
    const detail = params.get('error_description') ?? providerError;
    return clearFlow(signInProblem(401, 'The sign-in provider refused the sign-in', detail.slice(0, 500), flow.back));
  }
  let signedIn;
  try {
    signedIn = await finishSignIn(request.headers.get('host')!, params, flow);
  } catch (e) {
    return clearFlow(signInProblem(401, 'The sign-in did not complete', (e as Error).message.slice(0, 500), flow.back));
  }
  // A relative Location: the browser stays on the host it signed in at (a route's request.url may name another).
  const response = new NextResponse(null, { status: 303, headers: { location: flow.back, 'cache-control': 'no-store' } });
  const present = request.cookies.getAll().map((c) => c.name);
  setCookies(response, await sessionCookies(signedIn, present));
  return clearFlow(response);
}

function clearFlow(response: NextResponse): NextResponse {
  setCookies(response, [{ name: SIGNIN_COOKIE, value: '', maxAge: 0 }]);
  return response;
}
