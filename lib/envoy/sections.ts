import type { Json } from './config-dump.ts';
import { ConfigDumpError } from './config-dump.ts';

// The named resources of a config dump — clusters, endpoints, listeners, route configs — listed
// with their version and update time, and sliced out one at a time. Pure.

export const SECTION_KINDS = ['clusters', 'endpoints', 'listeners', 'routes'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export interface SectionEntry {
  kind: SectionKind;
  name: string;
  state: 'static' | 'active' | 'warming';
  versionInfo?: string;
  lastUpdated?: string;
}

type Obj = Record<string, Json>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Where each kind lives: the dump's @type, its lists, and how to read one entry's name and body. */
const LAYOUT: Record<
  SectionKind,
  { type: string; lists: [string, SectionEntry['state']][]; body: (e: Obj) => Obj | undefined; name: (e: Obj, body: Obj) => unknown }
> = {
  clusters: {
    type: 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
    lists: [
      ['static_clusters', 'static'],
      ['dynamic_active_clusters', 'active'],
      ['dynamic_warming_clusters', 'warming'],
    ],
    body: (e) => (isObject(e.cluster) ? e.cluster : undefined),
    name: (_e, b) => b.name,
  },
  endpoints: {
    type: 'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump',
    lists: [
      ['static_endpoint_configs', 'static'],
      ['dynamic_endpoint_configs', 'active'],
    ],
    body: (e) => (isObject(e.endpoint_config) ? e.endpoint_config : undefined),
    name: (_e, b) => b.cluster_name,
  },
  listeners: {
    type: 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
    lists: [
      ['static_listeners', 'static'],
      ['dynamic_listeners', 'active'],
    ],
    body: (e) =>
      isObject(e.listener)
        ? e.listener
        : isObject(e.active_state) && isObject(e.active_state.listener)
          ? e.active_state.listener
          : isObject(e.warming_state) && isObject(e.warming_state.listener)
            ? e.warming_state.listener
            : undefined,
    name: (e, b) => e.name ?? b.name,
  },
  routes: {
    type: 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
    lists: [
      ['static_route_configs', 'static'],
      ['dynamic_route_configs', 'active'],
    ],
    body: (e) => (isObject(e.route_config) ? e.route_config : undefined),
    name: (_e, b) => b.name,
  },
};

function* entries(dump: unknown, kind: SectionKind): Generator<{ entry: SectionEntry; body: Obj }> {
  if (!isObject(dump) || !Array.isArray(dump.configs)) throw new ConfigDumpError('Not an Envoy config dump: no top-level "configs" list.');
  const layout = LAYOUT[kind];
  const section = dump.configs.find((c) => isObject(c) && c['@type'] === layout.type);
  if (!isObject(section)) return;
  for (const [list, state] of layout.lists) {
    const items = section[list];
    if (!Array.isArray(items)) continue;
    for (const e of items) {
      if (!isObject(e)) continue;
      const body = layout.body(e);
      const name = body && str(layout.name(e, body));
      if (!body || !name) continue;
      // A dynamic listener keeps its version and time inside active_state.
      const meta = isObject(e.active_state) ? e.active_state : e;
      const listenerWarming = kind === 'listeners' && !isObject(e.active_state) && isObject(e.warming_state);
      yield {
        entry: {
          kind,
          name,
          state: listenerWarming ? 'warming' : state,
          versionInfo: str(meta.version_info),
          lastUpdated: str(meta.last_updated),
        },
        body,
      };
    }
  }
}

export interface SectionPage {
  total: number;
  matched: number;
  entries: SectionEntry[];
}

/** The entries of one kind whose names contain `query`, the first `limit` of them. */
export function listSection(dump: unknown, kind: SectionKind, query = '', limit = 200): SectionPage {
  const out: SectionEntry[] = [];
  let total = 0;
  let matched = 0;
  for (const { entry } of entries(dump, kind)) {
    total++;
    if (!entry.name.includes(query)) continue;
    matched++;
    if (out.length < limit) out.push(entry);
  }
  return { total, matched, entries: out };
}

/** One named resource of a dump (the active one when a name is both active and warming). */
export function sliceOf(dump: unknown, kind: SectionKind, name: string): { entry: SectionEntry; body: Obj } | undefined {
  let found: { entry: SectionEntry; body: Obj } | undefined;
  for (const e of entries(dump, kind)) {
    if (e.entry.name !== name) continue;
    if (e.entry.state !== 'warming') return e;
    found ??= e;
  }
  return found;
}
