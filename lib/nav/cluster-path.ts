// Every page and route that reads a cluster lives under `/c/<context>/…` (as in Headlamp): the
// context is part of the address, so no link, form or fetch can drop it. Pure, used by the proxy,
// the server and the browser.

export const CLUSTER_PREFIX = '/c/';

/** `/c/<context><path>`; `path` starts with `/` (or is empty for the overview). */
export function clusterPath(context: string, path = ''): string {
  return `${CLUSTER_PREFIX}${encodeURIComponent(context)}${path === '/' ? '' : path}`;
}

/** The context of a `/c/<context>/…` pathname and the rest of it, or undefined. */
export function parseClusterPath(pathname: string): { context: string; rest: string } | undefined {
  const m = /^\/c\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!m) return undefined;
  try {
    return { context: decodeURIComponent(m[1]!), rest: m[2] ?? '' };
  } catch {
    return undefined; // a malformed %-escape is no context
  }
}

/** Pages of the old layout (`/services?context=x`) that now live under `/c/<context>/`. */
export function isLegacyClusterPath(pathname: string): boolean {
  return (
    pathname === '/' ||
    /^\/(services|policies|gateways|guide)(\/|$)/.test(pathname) ||
    /^\/dumps\/[^/]+$/.test(pathname) ||
    /^\/api\/(cluster|dumps|events|gateways|policies)(\/|$)/.test(pathname)
  );
}
