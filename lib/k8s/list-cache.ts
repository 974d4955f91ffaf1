import 'server-only';
import { env } from '@/lib/config/env';
import type { HubKind, Kept } from './kinds';
import type { Session } from './session';
import { informer, informerCount } from './watch-hub';

// Lists for pages, from the person's informers (lib/k8s/watch-hub.ts) rather than a LIST per page
// view. Made with the person's own credentials, a cache answers them only with what the API
// server let them list (docs/decisions/013). Without a live cache — its list failed or was refused,
// its watch reconnecting, over a bound — the caller lists from the API server as before, and its
// error, if any, is the user's message.

/** The session's objects of `kind`, in one namespace or all, sorted as the API server lists them; undefined without a live cache. */
export async function cachedList<K extends HubKind>(
  session: Session,
  kind: K,
  namespace?: string,
): Promise<readonly Kept[K][] | undefined> {
  const w = informer(session, kind, false) ?? (informerCount() < env().DASHBOARD_MAX_WATCHES ? informer(session, kind) : undefined);
  if (!w) return undefined;
  const items = await w.read();
  if (!items || namespace === undefined) return items;
  return items.filter((i) => i.namespace === namespace);
}

/**
 * What the person just wrote (or deleted, with `item` undefined) through the dashboard, in their
 * own cache at once: the next page they open shows it even if the watch event is still on its way.
 * They read it already: the API server's answer to their write.
 */
export function noteWritten<K extends HubKind>(
  session: Session,
  kind: K,
  namespace: string,
  name: string,
  item: Kept[K] | undefined,
): void {
  informer(session, kind, false)?.note(`${namespace}/${name}`, item);
}

const keySets = new WeakMap<readonly object[], ReadonlySet<string>>();

/** `namespace/name` of every item, as a set; made once per cached snapshot (the snapshot is the key). */
export function keysOf(items: readonly { namespace: string; name: string }[]): ReadonlySet<string> {
  let keys = keySets.get(items);
  if (!keys) keySets.set(items, (keys = new Set(items.map((i) => `${i.namespace}/${i.name}`))));
  return keys;
}
