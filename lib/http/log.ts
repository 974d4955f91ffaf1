// One JSON line per request, for the log collector of whoever runs the dashboard: when, which
// request (an id also sent back as `x-request-id`), what was asked, of which cluster, and what the
// boundary decided. Never a header value, a cookie or a query string: those carry tokens,
// presenter keys and names. Pure.

export interface RequestLog {
  requestId: string;
  method: string;
  path: string;
  context?: string;
  /** Who asked, as the API server knows them (`oidc:alice`); absent when no one is signed in. */
  user?: string;
  /** Set when the boundary answered itself (a refusal, a redirect, a page status). */
  status?: number;
  reason?: string;
}

const MAX_PATH = 512;

export function requestLogLine(entry: RequestLog, now = new Date()): string {
  const path = entry.path.length > MAX_PATH ? `${entry.path.slice(0, MAX_PATH)}…` : entry.path;
  const level = entry.status && entry.status >= 400 ? 'warn' : 'info';
  return JSON.stringify({ time: now.toISOString(), level, msg: 'request', ...entry, path });
}
