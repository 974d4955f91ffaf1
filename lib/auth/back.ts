// Where to send someone after they sign in: a path of this dashboard, nothing else. Pure.

/**
 * `back` if it is a local path (`/c/x/services?q=1`); anything else is the start page: another
 * site, `//host`, `/\host`, control characters or spaces (browsers drop tabs and newlines from a
 * URL, so `/\t/evil.example` would become `//evil.example`), and the sign-in's own pages.
 */
export function safeBack(back: string | null | undefined): string {
  if (!back || back.length > 2048) return '/';
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(back)) return '/';
  if (back.includes('\\') || back.startsWith('/auth/')) return '/';
  return back;
}
