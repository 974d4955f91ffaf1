import { request as httpRequest, type Agent } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { urls } from './urls';

// Requests as a hostile page or local process would send them: any Host, any Origin, any body,
// straight to the dashboard's port — not through a browser, which would fix some of them up.

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function raw(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; base?: string; agent?: Agent } = {},
): Promise<RawResponse> {
  const base = new URL(opts.base ?? urls.dashboard);
  return new Promise((done, fail) => {
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        path,
        method: opts.method ?? 'GET',
        headers: { host: base.host, ...opts.headers },
        setHost: false,
        agent: opts.agent,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (body.length < 2_000_000) body += c;
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer for ${path}`)));
    req.on('error', fail);
    req.end(opts.body);
  });
}

/** Server action ids by exported name, from the production build this test runs against. */
export function actionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const hit = Object.entries(manifest.node).find(([, v]) => v.filename === file && v.exportedName === exportedName);
  if (!hit) throw new Error(`no server action ${exportedName} in ${file} in the build`);
  return hit[0];
}

/**
 * Plain values as React's `encodeReply` writes them: a string that starts with `$` is escaped to
 * `$$`, and the numbers and `undefined` JSON has no word for get React's own.
 */
function encodeReply(v: unknown): unknown {
  if (typeof v === 'string') return v.startsWith('$') ? `$${v}` : v;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '$NaN';
    if (v === Infinity) return '$Infinity';
    if (v === -Infinity) return '$-Infinity';
    if (Object.is(v, -0)) return '$-0';
    return v;
  }
  if (v === undefined) return '$undefined';
  if (Array.isArray(v)) return v.map(encodeReply);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, encodeReply(x)]),
    );
  return v;
}

/** Calls a server action the way Next's client does (a POST to a page, the arguments encoded as React does). */
export function callAction(
  page: string,
  id: string,
  args: unknown[],
  headers: Record<string, string> = {},
  base?: string,
): Promise<RawResponse> {
  return raw(page, {
    base,
    method: 'POST',
    headers: { 'next-action': id, 'content-type': 'text/plain;charset=UTF-8', accept: 'text/x-component', ...headers },
    body: JSON.stringify(encodeReply(args)),
  });
}

/** The value an action returned, from its RSC answer (`1:{…}` after the header row). */
export function actionResult(r: RawResponse): unknown {
  for (const line of r.body.split('\n')) {
    const m = /^1:(.*)$/.exec(line);
    if (m) return JSON.parse(m[1]!);
  }
  return undefined;
}
