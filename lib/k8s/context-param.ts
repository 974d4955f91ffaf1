import 'server-only';
import { err, ok, type Result } from '@/lib/errors';
import { isKnownContext } from './client';

type SearchParams = Record<string, string | string[] | undefined>;

export function firstParam(sp: SearchParams, key: string): string | undefined {
  const v = sp[key];
  return Array.isArray(v) ? v[0] : v;
}

/** The `?context=` of a page: a context name of the server's kubeconfig, or the default. */
export function contextParam(sp: SearchParams): Result<string | undefined> {
  const context = firstParam(sp, 'context');
  if (!context) return ok(undefined);
  return isKnownContext(context)
    ? ok(context)
    : err({ kind: 'invalid', message: `There is no context "${context}" in the dashboard's kubeconfig. Pick one from the list.` });
}
