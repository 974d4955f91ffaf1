// The browser boundary, as pure functions the proxy (proxy.ts) applies to every request before
// anything else runs. Pure and isomorphic-free: no Next, no Node APIs, so it is unit-tested directly.

/** The header the proxy sets from the URL's `/c/<context>/` prefix; any copy a client sends is dropped. */
export const CONTEXT_HEADER = 'x-dashboard-context';
/** The request's id, in its log line and on the response, replacing any a client sent. */
export const REQUEST_ID_HEADER = 'x-request-id';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The Host values this server answers to: the loopback names at the port it listens on, plus
 * `extra` (DASHBOARD_ALLOWED_HOSTS: `host` or `host:port`, comma-separated). A name without a
 * port in `extra` allows that name on any port.
 */
export function allowedHosts(port: string | undefined, extra: string | undefined): string[] {
  const own = port ? LOOPBACK_NAMES.map((n) => `${n}:${port}`) : LOOPBACK_NAMES.slice();
  const more = (extra ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return [...own, ...more];
}

/** `example.com` in the list allows `example.com` and `example.com:<any port>`; `example.com:443` only that. */
export function isAllowedHost(host: string | null, allowed: readonly string[]): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  if (h.length > 260 || !/^[a-z0-9._\-[\]:]+$/.test(h)) return false;
  // Browsers leave a scheme's default port out of Host and Origin: `name` may be `name:80` or `name:443`.
  const forms = hasPort(h) ? [h] : [h, `${h}:80`, `${h}:443`];
  return allowed.some((a) => forms.includes(a) || (!hasPort(a) && stripPort(h) === a));
}

function hasPort(host: string): boolean {
  return /:\d+$/.test(host);
}

function stripPort(host: string): string {
  return host.replace(/:\d+$/, '');
}

/**
 * Whether a state-changing request (a server action, any non-GET) comes from a page of this
 * dashboard: its Origin must name an allowed host. A missing Origin (curl, a script) is refused:
 * browsers always send one on POST.
 */
export function isAllowedOrigin(origin: string | null, allowed: readonly string[]): boolean {
  if (!origin || origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.pathname !== '/' || url.username || url.password || url.search || url.hash) return false;
  return isAllowedHost(url.host, allowed);
}

/**
 * Requests that start work on the server (a dump fetch, an event stream) refuse other sites:
 * Sec-Fetch-Site is set by every current browser and cannot be forged by a page. Absent means a
 * non-browser client, which the Host allow-list already confines.
 */
export function isCrossSiteFetch(secFetchSite: string | null): boolean {
  return secFetchSite !== null && secFetchSite !== 'same-origin' && secFetchSite !== 'none';
}

/** The policy for every response; `nonce` allows Next's own scripts and nothing else inline. */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React's style attributes and CodeMirror's injected <style> elements; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every response, refusals included. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
}

/** Paths whose GET starts work on the server: port-forwards, dump reads, event streams. */
export function startsWork(pathname: string): boolean {
  return /^\/c\/[^/]+\/api\//.test(pathname);
}

/** A random id per browser (HttpOnly, not a credential), for per-browser caps on event streams. */
export const BROWSER_COOKIE = 'kgd-browser';

/** The most a server action call may carry, in bytes and in nesting. */
export const MAX_ACTION_BYTES = 1024 * 1024;
const MAX_ACTION_DEPTH = 32;
/** The scalar words React's encodeReply writes for plain values; any other `$…` points at another part. */
const REPLY_SCALAR = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D\d{4}-|n-?\d+$)/;

/**
 * Whether a server action's body is what this dashboard's pages send: one JSON array of plain
 * values as React encodes them. Anything else (not JSON, references to parts that are not there,
 * deep nesting) is refused before Next decodes it — Next answers those with a 500.
 */
export function isPlainActionCall(body: string): boolean {
  if (body.length > MAX_ACTION_BYTES) return false;
  let args: unknown;
  try {
    args = JSON.parse(body);
  } catch {
    return false;
  }
  if (!Array.isArray(args) || args.length > 8) return false;
  const stack: { v: unknown; depth: number }[] = [{ v: args, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (depth > MAX_ACTION_DEPTH) return false;
    if (typeof v === 'string' && v.startsWith('$') && !REPLY_SCALAR.test(v)) return false;
    if (v && typeof v === 'object') for (const x of Object.values(v)) stack.push({ v: x, depth: depth + 1 });
  }
  return true;
}
