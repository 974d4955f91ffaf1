import { NextResponse, type NextRequest } from 'next/server';
import {
  allowedHosts,
  BROWSER_COOKIE,
  CONTEXT_HEADER,
  REQUEST_ID_HEADER,
  contentSecurityPolicy,
  isAllowedHost,
  isAllowedOrigin,
  isCrossSiteFetch,
  isPlainActionCall,
  securityHeaders,
  startsWork,
} from '@/lib/http/boundary';
import { requestLogLine } from '@/lib/http/log';
import { clusterPath, isLegacyClusterPath, parseClusterPath } from '@/lib/nav/cluster-path';
import { env } from '@/lib/config/env';
import { defaultContext } from '@/lib/k8s/client';
import { pageStatus } from '@/lib/k8s/probe';
import { isPublicPath, signInGate } from '@/lib/auth/gate';
import { setCookies, type CookieWrite } from '@/lib/auth/signed-in';
import { identityHeadersIn, throughProxy } from '@/lib/auth/proxied';
import { proxiedPerson, proxySettings } from '@/lib/auth/proxy-mode';
import type { Credential } from '@/lib/k8s/session';

// The browser boundary: every request passes here before any page, route or server action runs.
// A foreign Host (DNS rebinding) is refused; so is a write without an allowed Origin, and a
// cross-site request that would start work. Every response carries the security headers and a
// fresh script nonce. The cluster context is taken from the URL and nowhere else. In `oidc` mode
// no one passes without a live sign-in, whose tokens are refreshed here before they expire. In
// `proxy` mode no one passes without the proxy's secret and a person's ID token that verifies,
// and identity headers that did not come through the proxy are refused on every path.

function refuse(status: number, message: string, headers: Record<string, string>): NextResponse {
  return new NextResponse(`${message}\n`, {
    status,
    headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const requestId = crypto.randomUUID();
  const who: { user?: string } = {};
  const response = await boundary(request, requestId, who);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  const { pathname } = request.nextUrl;
  if (!pathname.startsWith('/_next/static/')) {
    // A pass-through carries Next's marker; anything else the boundary answered itself.
    const answered = !response.headers.has('x-middleware-next') || response.status !== 200;
    console.log(
      requestLogLine({
        requestId,
        method: request.method,
        path: pathname,
        context: parseClusterPath(pathname)?.context,
        ...(who.user && { user: who.user }),
        ...(answered && { status: response.status }),
      }),
    );
  }
  return response;
}

async function boundary(request: NextRequest, requestId: string, who: { user?: string }): Promise<NextResponse> {
  const nonce = btoa(crypto.randomUUID());
  const config = env();
  const csp = contentSecurityPolicy(nonce, config.NODE_ENV === 'development');
  const security = securityHeaders(csp);
  const allowed = allowedHosts(config.PORT, config.DASHBOARD_ALLOWED_HOSTS);
  const host = request.headers.get('host');
  if (!isAllowedHost(host, allowed)) {
    return refuse(
      421,
      `This dashboard does not answer to the host "${host ?? ''}". Open it as ${allowed[0]}, or add the name to DASHBOARD_ALLOWED_HOSTS.`,
      security,
    );
  }
  // The Origin must be the very host this request came to, not just any allowed one.
  if (!SAFE_METHODS.has(request.method) && !isAllowedOrigin(request.headers.get('origin'), [host!.toLowerCase()])) {
    return refuse(
      403,
      'Refused: a change must come from a page of this dashboard (its Origin header is missing or names another site).',
      security,
    );
  }
  if (!SAFE_METHODS.has(request.method) && !request.headers.has('next-action')) {
    return refuse(405, 'Refused: this dashboard takes changes only through its pages (server actions); routes are read-only.', security);
  }
  if (request.headers.has('next-action')) {
    const plain = request.headers.get('content-type')?.startsWith('text/plain') && isPlainActionCall(await request.clone().text());
    if (!plain)
      return refuse(400, "Refused: not a call this dashboard's pages make (one JSON list of plain values, at most 1 MB).", security);
  }
  const { pathname, searchParams } = request.nextUrl;
  // Another site may link to a page (a top-level navigation), nothing more: no embedding, no
  // fetches, and never a request that starts work.
  const navigation = request.headers.get('sec-fetch-mode') === 'navigate' && request.headers.get('sec-fetch-dest') === 'document';
  if (isCrossSiteFetch(request.headers.get('sec-fetch-site')) && (startsWork(pathname) || !navigation)) {
    return refuse(
      403,
      "Refused: another site may link to this dashboard's pages, nothing more (no embedding, no fetches, nothing that starts work).",
      security,
    );
  }
  const headers = new Headers(request.headers);
  let credential: Credential | undefined;
  let writes: CookieWrite[] = [];
  if (config.DASHBOARD_AUTH === 'proxy') {
    const settings = proxySettings();
    const via = throughProxy(request.headers, settings);
    const claimed = identityHeadersIn(request.headers);
    if (!via && claimed.length)
      return refuse(
        403,
        `Refused: this request names a person (${claimed.join(', ')}) but did not come through the dashboard's authenticating proxy.`,
        security,
      );
    if (!isPublicPath(pathname)) {
      const p = await proxiedPerson(request.headers);
      if (p.kind === 'provider-down') return refuse(503, p.message, security);
      if (p.kind !== 'signed-in') return refuse(p.kind === 'forged' ? 403 : 401, p.message, security);
      who.user = p.person.username;
      credential = { kind: 'token', person: p.person, token: p.token };
    }
  }
  if (config.DASHBOARD_AUTH === 'oidc' && !isPublicPath(pathname)) {
    const gate = await signInGate(request.cookies.getAll());
    if (gate.kind === 'provider-down') return refuse(503, gate.message, security);
    if (gate.kind === 'signed-out') {
      const answer = isDocument(request)
        ? NextResponse.redirect(new URL(`/auth/login?back=${encodeURIComponent(pathname + request.nextUrl.search)}`, request.url), {
            status: 303,
            headers: security,
          })
        : refuse(401, 'You are not signed in, or your sign-in has ended: reload the page to sign in again.', security);
      setCookies(answer, gate.writes);
      return answer;
    }
    const { person, idToken } = gate.signedIn;
    who.user = person.username;
    credential = { kind: 'token', person, token: idToken };
    writes = gate.writes;
    if (writes.length) {
      // What the page reads below is the refreshed session, not the one the browser sent.
      const jar = new Map(request.cookies.getAll().map((c) => [c.name, c.value]));
      for (const w of writes)
        if (w.maxAge > 0) jar.set(w.name, w.value);
        else jar.delete(w.name);
      headers.set('cookie', [...jar].map(([n, v]) => `${n}=${v}`).join('; '));
    }
  }
  const cluster = parseClusterPath(pathname);
  if (!cluster && isLegacyClusterPath(pathname) && SAFE_METHODS.has(request.method)) {
    // Links from before the context moved into the path: /services?context=x → /c/x/services.
    const url = request.nextUrl.clone();
    let context = searchParams.get('context');
    try {
      context ||= defaultContext();
    } catch (e) {
      return refuse(503, `No usable kubeconfig: ${(e as Error).message}. Set KUBECONFIG or run npm run stack:up.`, security);
    }
    if (!context) return refuse(404, 'The kubeconfig names no current context: open /c/<context>/ with one of its contexts.', security);
    url.pathname = clusterPath(context, pathname);
    url.searchParams.delete('context');
    return NextResponse.redirect(url, { status: 308, headers: security });
  }

  headers.delete(CONTEXT_HEADER);
  // Encoded: a header carries only Latin-1, and context names are free-form.
  if (cluster) headers.set(CONTEXT_HEADER, encodeURIComponent(cluster.context));
  headers.set('content-security-policy', csp);
  headers.set(REQUEST_ID_HEADER, requestId);
  // A document request learns its status before the page streams; the page explains it.
  const status = cluster && isDocument(request) ? await pageStatus(cluster.context, credential) : 200;
  // Next keeps a status the proxy sets on a pass-through response for the page it renders.
  const response = NextResponse.next({ status, request: { headers } });
  for (const [k, v] of Object.entries(security)) response.headers.set(k, v);
  setCookies(response, writes);
  if (!request.cookies.has(BROWSER_COOKIE) && isDocument(request)) {
    // Lax, so a link from chat keeps the same id; it is no credential.
    response.cookies.set(BROWSER_COOKIE, crypto.randomUUID(), { httpOnly: true, sameSite: 'lax', path: '/' });
  }
  return response;
}

function isDocument(request: NextRequest): boolean {
  return (
    request.method === 'GET' &&
    !request.headers.has('rsc') &&
    !startsWork(request.nextUrl.pathname) &&
    request.headers.get('sec-fetch-dest') !== 'empty'
  );
}

export const config = {
  matcher: [{ source: '/:path*' }],
};
