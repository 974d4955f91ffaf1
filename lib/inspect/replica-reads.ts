import { MAX_ADMIN_PATH } from '@/lib/envoy/cluster-read';
import type { EnvoyStats, HeldVersions, SnapshotClient } from './sync';

// What a replica's sync read asks its Envoy for, when it can ask for less. Pure; the reads are in
// lib/k8s/xds-sync.ts. Apart from lib/inspect/sync.ts, which pages in the browser import.

/** One replica's last `/stats` read, with the versions it held when it was read. */
export interface StatsRead {
  /** ms since the epoch. */
  at: number;
  held: HeldVersions;
  stats: EnvoyStats;
}

/**
 * Whether a replica's earlier `/stats` read still says what a new read would. `/stats` walks
 * every stat Envoy has, whatever the filter: about 0.5 s on Envoy 1.40 with 50,000 clusters,
 * during which its admin answers nothing else (a cluster view waits behind it). The versions, by
 * contrast, come from config-dump reads that skip every resource by name (about 20 ms there).
 *
 * The counters move when an update arrives, and an update that arrives either is applied (a held
 * version changes) or is not (kgateway's version is then not the held one). So the earlier read
 * holds while: the replica holds the same versions as then; it had applied all it had received,
 * with no cluster warming; and it holds what kgateway means to send, when kgateway could be read.
 * Without kgateway's versions, a refusal keeps the held versions and only `maxAgeMs` bounds how
 * late it shows; an Envoy restarted in the same pod is bounded the same way.
 */
export function statsStillHold(
  prev: StatsRead | undefined,
  held: HeldVersions,
  desired: SnapshotClient['versions'] | undefined,
  now: number,
  maxAgeMs: number,
): prev is StatsRead {
  if (!prev || now < prev.at || now - prev.at >= maxAgeMs) return false;
  const was = prev.held;
  const routeNames = Object.keys(held.routes);
  if (was.clusters !== held.clusters || was.listeners !== held.listeners) return false;
  if (routeNames.length !== Object.keys(was.routes).length || routeNames.some((n) => was.routes[n] !== held.routes[n])) return false;
  const { stats } = prev;
  if (stats.warmingClusters) return false;
  if (stats.clusters && stats.clusters.received !== held.clusters) return false;
  if (stats.listeners && stats.listeners.received !== held.listeners) return false;
  if (Object.entries(stats.routes).some(([n, s]) => s.received !== held.routes[n])) return false;
  if (!desired) return true;
  return (
    (desired.clusters === undefined || desired.clusters === held.clusters) &&
    (desired.listeners === undefined || desired.listeners === held.listeners) &&
    (desired.routes === undefined || routeNames.every((n) => held.routes[n] === desired.routes))
  );
}

/** Every route configuration's applied version, and its name: one small config-dump read. */
export const ROUTES_PATH = '/config_dump?resource=dynamic_route_configs&mask=version_info,route_config.name';

/**
 * The admin path that reads a replica's route configurations' versions, given its listeners'
 * version now and its last stats read. Route configurations come and go with listeners, so while
 * the listeners are as at that read (and it is younger than `maxAgeMs`), they are asked for by name
 * (an Envoy `name_regex`, RE2, matched against the whole name): Envoy then skips every cluster by
 * name instead of building each one. All of them otherwise: when a route configuration Envoy had
 * subscribed to was not applied at that read (a new listener waits for its routes), when a name is
 * unknown (`#0`), or when the path would pass the admin path bound. Null when there is none: no
 * route configuration and no subscription to one.
 */
export function routesReadPath(prev: StatsRead | undefined, listeners: string | undefined, now: number, maxAgeMs: number): string | null {
  if (!prev || now < prev.at || now - prev.at >= maxAgeMs || prev.held.listeners !== listeners) return ROUTES_PATH;
  const names = Object.keys(prev.held.routes);
  if (Object.keys(prev.stats.routes).some((n) => !(n in prev.held.routes))) return ROUTES_PATH;
  if (!names.length) return null;
  if (names.some((n) => n === '' || /^#\d+$/.test(n))) return ROUTES_PATH;
  const re = `^(?:${names.map((n) => n.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')).join('|')})$`;
  const path = `${ROUTES_PATH}&name_regex=${encodeURIComponent(re)}`;
  return path.length <= MAX_ADMIN_PATH ? path : ROUTES_PATH;
}
