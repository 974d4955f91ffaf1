import { NextResponse } from 'next/server';
// A page for a sign-in that did not work: what happened, and a link to try again (never an
// automatic retry, which would loop against a provider that keeps refusing).

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function signInProblem(status: number, title: string, detail: string, back = '/'): NextResponse {
  const again = `/auth/login?back=${encodeURIComponent(back)}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · kgateway policy dashboard</title>
<link rel="icon" href="data:,"></head><body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>${escape(title)}</h1><p role="alert">${escape(detail)}</p><p><a href="${escape(again)}">Sign in again</a></p></body></html>`;
  return new NextResponse(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
