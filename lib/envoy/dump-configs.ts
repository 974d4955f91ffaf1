import { ConfigDumpError, isObject, type Json } from './json.ts';

// A config dump's `configs`, whichever Envoy wrote it. Pure. Envoy 1.40 writes a list of
// `envoy.admin.v3.*ConfigDump`, snake_case. Envoys of 2018 (v2alpha) wrote an object keyed by
// kind, in protobuf's lowerCamelCase JSON; later v2alpha Envoys a list. Other control planes'
// dumps repeat a type (three ECDS sections) or leave a section empty (fixtures/envoy/foreign/).

type Obj = { [key: string]: Json };

/** The config kinds the dashboard lists, by the name ending their `@type`. */
export const READ_TYPES = {
  ClustersConfigDump: 'clusters',
  ListenersConfigDump: 'listeners',
  RoutesConfigDump: 'route configs',
  EndpointsConfigDump: 'endpoint configs',
  BootstrapConfigDump: 'the bootstrap, for the node and the Envoy version',
} as const;
export type ReadType = keyof typeof READ_TYPES;

/** Why a config type is not listed, in the user's words. */
const NOT_READ: Record<string, string> = {
  SecretsConfigDump: 'secrets are not listed on purpose: certificates and keys stay out of tables and links',
  ScopedRoutesConfigDump: 'scoped route configurations are not listed (kgateway does not use them)',
  EcdsConfigDump: 'extension configs (ECDS filters) are not listed',
};

/** The dump's config sections, from a list (Envoy ≥ 1.8) or an object keyed by kind (Envoy 1.7). */
export function configsOf(dump: unknown): Obj[] {
  if (isObject(dump) && Array.isArray(dump.configs)) return dump.configs.filter(isObject);
  if (isObject(dump) && isObject(dump.configs)) return Object.values(dump.configs).filter(isObject);
  throw new ConfigDumpError('Not an Envoy config dump: no top-level "configs" list.');
}

/** `type.googleapis.com/envoy.admin.v3.ClustersConfigDump` → `ClustersConfigDump`; v2alpha alike. */
function typeName(section: Obj): string | undefined {
  const t = section['@type'];
  return typeof t === 'string' ? /^type\.googleapis\.com\/envoy\.admin\.(?:v2alpha|v3)\.(\w+)$/.exec(t)?.[1] : undefined;
}

/** Every section of one type: a dump may hold the same type more than once. */
export function sectionsOf(dump: unknown, type: ReadType): Obj[] {
  return configsOf(dump).filter((c) => typeName(c) === type);
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A field by its snake_case name, or the lowerCamelCase name older Envoys wrote. */
export function field(o: Obj, snake: string): Json | undefined {
  return o[snake] ?? o[camel(snake)];
}

export interface DumpSection {
  /** The section's `@type`, as written. */
  type: string;
  /** What the dashboard lists of it, or why not. */
  read: boolean;
  what: string;
}

/** Each section of a dump, in order: what the page lists of it, or exactly why it does not. */
export function describeDump(dump: unknown): DumpSection[] {
  return configsOf(dump).map((c) => {
    const type = typeof c['@type'] === 'string' ? c['@type'] : '(no @type)';
    const name = typeName(c);
    if (name && name in READ_TYPES) return { type, read: true, what: READ_TYPES[name as ReadType] };
    if (name && NOT_READ[name]) return { type, read: false, what: NOT_READ[name] };
    return {
      type,
      read: false,
      what: name
        ? `${name} is not a config kind this dashboard knows; the whole dump below shows it`
        : 'not an envoy.admin.v3 or v2alpha config dump type; the whole dump below shows it',
    };
  });
}
