import { isObject, type Json } from './config-dump.ts';
import { field, sectionsOf, type ReadType } from './dump-configs.ts';

// The named resources of a config dump — clusters, endpoints, listeners, route configs — listed
// with their version and update time, and sliced out one at a time. Pure.

export const SECTION_KINDS = ['clusters', 'endpoints', 'listeners', 'routes'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

export interface SectionEntry {
  kind: SectionKind;
  name: string;
  state: 'static' | 'active' | 'warming' | 'draining';
  versionInfo?: string;
  lastUpdated?: string;
}

type Obj = Record<string, Json>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Where each kind lives: the dump's section type, its lists, and how to read one entry's name and body. */
const LAYOUT: Record<
  SectionKind,
  { type: ReadType; lists: [string, SectionEntry['state']][]; body: (e: Obj) => Obj | undefined; name: (e: Obj, body: Obj) => unknown }
> = {
  clusters: {
    type: 'ClustersConfigDump',
    lists: [
      ['static_clusters', 'static'],
      ['dynamic_active_clusters', 'active'],
      ['dynamic_warming_clusters', 'warming'],
    ],
    body: (e) => (isObject(e.cluster) ? e.cluster : undefined),
    name: (_e, b) => b.name,
  },
  endpoints: {
    type: 'EndpointsConfigDump',
    lists: [
      ['static_endpoint_configs', 'static'],
      ['dynamic_endpoint_configs', 'active'],
    ],
    body: (e) => obj(field(e, 'endpoint_config')),
    name: (_e, b) => field(b, 'cluster_name'),
  },
  listeners: {
    type: 'ListenersConfigDump',
    lists: [
      ['static_listeners', 'static'],
      ['dynamic_listeners', 'active'],
      // Envoy ≤ 1.12 (v2alpha) kept a list per state.
      ['dynamic_active_listeners', 'active'],
      ['dynamic_warming_listeners', 'warming'],
      ['dynamic_draining_listeners', 'draining'],
    ],
    body: (e) =>
      obj(e.listener) ??
      obj(obj(field(e, 'active_state'))?.listener) ??
      obj(obj(field(e, 'warming_state'))?.listener) ??
      obj(obj(field(e, 'draining_state'))?.listener),
    name: (e, b) => e.name ?? b.name,
  },
  routes: {
    type: 'RoutesConfigDump',
    lists: [
      ['static_route_configs', 'static'],
      ['dynamic_route_configs', 'active'],
    ],
    body: (e) => obj(field(e, 'route_config')),
    name: (_e, b) => b.name,
  },
};

const obj = (v: Json | undefined): Obj | undefined => (isObject(v) ? v : undefined);

function* entries(dump: unknown, kind: SectionKind): Generator<{ entry: SectionEntry; body: Obj }> {
  const layout = LAYOUT[kind];
  let unnamed = 0;
  for (const section of sectionsOf(dump, layout.type)) {
    for (const [list, state] of layout.lists) {
      const items = field(section, list);
      if (!Array.isArray(items)) continue;
      for (const e of items) {
        if (!isObject(e)) continue;
        const body = layout.body(e);
        if (!body) continue;
        // A config without a name (a static route config may have none) is still listed, by place.
        const name = str(layout.name(e, body)) || `(unnamed ${state} ${kind === 'routes' ? 'route config' : kind} ${++unnamed})`;
        // A dynamic listener keeps its version and time inside its state.
        const meta = obj(field(e, 'active_state')) ?? obj(field(e, 'warming_state')) ?? obj(field(e, 'draining_state')) ?? e;
        const listenerState =
          kind === 'listeners' && list === 'dynamic_listeners'
            ? isObject(field(e, 'active_state'))
              ? 'active'
              : isObject(field(e, 'warming_state'))
                ? 'warming'
                : isObject(field(e, 'draining_state'))
                  ? 'draining'
                  : state
            : state;
        yield {
          entry: {
            kind,
            name,
            state: listenerState,
            versionInfo: str(field(meta, 'version_info')),
            lastUpdated: str(field(meta, 'last_updated')),
          },
          body,
        };
      }
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
