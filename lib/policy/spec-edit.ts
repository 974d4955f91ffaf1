import type { FieldNode } from './crd-model';

// Editing a policy's spec sections from the field model. Pure. The form keeps what the user typed
// as text at each leaf it edits, and the values it did not edit as they were loaded, so a field
// nobody touched goes back exactly as it came (a string "65535" stays a string). `typedSpec`
// turns typed text into the CRD's types only when the request is built.

export type Tree = Record<string, unknown>;

/** The spec fields with editors of their own; every other section is edited from the model. */
export const OWN_EDITORS = ['targetRefs', 'tcpKeepalive'] as const;

/** The spec fields that have no editor of their own: every section but targets and keepalive. */
export function sectionsOfSpec(spec: Record<string, unknown>): Tree {
  return Object.fromEntries(Object.entries(spec).filter(([k]) => !(OWN_EDITORS as readonly string[]).includes(k)));
}

/** kgateway's docs group the BackendConfigPolicy settings this way. */
export const SECTION_GROUPS: readonly { title: string; keys: readonly string[] }[] = [
  { title: 'Connection', keys: ['connectTimeout', 'perConnectionBufferLimitBytes', 'upstreamProxyProtocol', 'dns'] },
  { title: 'HTTP protocol', keys: ['commonHttpProtocolOptions', 'http1ProtocolOptions', 'http2ProtocolOptions'] },
  { title: 'TLS', keys: ['tls'] },
  { title: 'Load balancing', keys: ['loadBalancer'] },
  { title: 'Health checks', keys: ['healthCheck'] },
  { title: 'Outlier detection', keys: ['outlierDetection'] },
  { title: 'Circuit breakers', keys: ['circuitBreakers'] },
  { title: 'Targets by label', keys: ['targetSelectors'] },
];

/** The groups, each with only the fields this CRD has; a field the docs do not group goes last. */
export function sectionsOf(spec: FieldNode): { title: string; keys: string[] }[] {
  const has = Object.keys(spec.properties ?? {});
  const grouped = new Set<string>([...OWN_EDITORS, ...SECTION_GROUPS.flatMap((g) => g.keys)]);
  const groups = SECTION_GROUPS.map((g) => ({ title: g.title, keys: g.keys.filter((k) => has.includes(k)) }));
  const other = has.filter((k) => !grouped.has(k));
  return [...groups, { title: 'Other', keys: other }].filter((g) => g.keys.length > 0);
}

/** Spec fields of a policy that this CRD does not have: the version in the cluster would refuse them. */
export function fieldsNotInVersion(spec: Tree, model: FieldNode, at = 'spec'): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(spec)) {
    const child = model.properties?.[k] ?? model.additionalProperties;
    if (!child) out.push(`${at}.${k}`);
    else if (v && typeof v === 'object' && !Array.isArray(v) && child.type === 'object')
      out.push(...fieldsNotInVersion(v as Tree, child, `${at}.${k}`));
  }
  return out;
}

export const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy with `value` at `path` (parents made as needed); undefined removes the field. */
export function setAt(tree: Tree, path: readonly string[], value: unknown): Tree {
  const [k, ...rest] = path;
  if (k === undefined) return tree;
  const out = { ...tree };
  if (rest.length === 0) {
    if (value === undefined) delete out[k];
    else out[k] = value;
    return out;
  }
  out[k] = setAt(isTree(tree[k]) ? tree[k] : {}, rest, value);
  return out;
}

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function typedLeaf(text: string, n: FieldNode): unknown {
  const t = text.trim();
  if (t === '') return undefined;
  switch (n.type) {
    case 'integer':
    case 'int-or-string':
      return INTEGER.test(t) ? Number(t) : t;
    case 'number':
      return NUMBER.test(t) ? Number(t) : t;
    case 'boolean':
      return t === 'true' ? true : t === 'false' ? false : t;
    case 'array':
      return t
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => typedLeaf(s, n.items!));
    default:
      return text;
  }
}

/**
 * The tree in the CRD's types: text the user typed becomes a number, boolean or list where the
 * model says so (text that is not one stays text, so validation names it as the API server would);
 * empty text removes the field; values never edited pass through unchanged.
 */
export function typedSpec(v: unknown, n: FieldNode | undefined): unknown {
  if (!n) return v;
  if (typeof v === 'string' && n.type !== 'string') return typedLeaf(v, n);
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (isTree(v) && n.type === 'object') {
    const out: Tree = {};
    for (const [k, x] of Object.entries(v)) {
      const t = typedSpec(x, n.properties?.[k] ?? n.additionalProperties);
      if (t !== undefined) out[k] = t;
    }
    return out;
  }
  return v;
}
