// Which BackendConfigPolicy supplies each top-level spec field when several target one backend.
//
// kgateway v2.1–v2.3 applies every attached policy in creation order, oldest first, and each one
// overwrites the fields it sets: the newest wins per field. v2.4 (#14043) merges instead: the
// oldest wins per field and newer policies only fill fields left unset. Either way the unit is a
// whole top-level field — `tcpKeepalive` as one — never its sub-fields (merge.go: mergeTcpKeepalive).

export interface PolicyMeta {
  namespace: string;
  name: string;
  /** RFC 3339; the API server sets it. */
  creationTimestamp: string;
}

export interface RankedPolicy extends PolicyMeta {
  spec: Record<string, unknown>;
}

export type MergeRule = 'newest-wins' | 'oldest-wins';

export interface FieldSource {
  value: unknown;
  from: PolicyMeta;
  /** Policies that also set this field but lost. */
  overridden: PolicyMeta[];
}

const NOT_MERGED = new Set(['targetRefs', 'targetSelectors']);

/** The rule of a kgateway version (`v2.3.1`, `2.4.0`, `v2.5.0-beta.1`); undefined → the current rule. */
export function mergeRuleFor(version: string | undefined): MergeRule {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return 'oldest-wins';
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major === 2 && minor < 4 ? 'newest-wins' : 'oldest-wins';
}

function ref(p: PolicyMeta): string {
  return `${p.namespace}/${p.name}`;
}

/** Oldest first; equal timestamps are ordered by `namespace/name`, as kgateway does. */
export function byAge(policies: readonly RankedPolicy[]): RankedPolicy[] {
  return [...policies].sort((a, b) => Date.parse(a.creationTimestamp) - Date.parse(b.creationTimestamp) || ref(a).localeCompare(ref(b)));
}

function meta({ namespace, name, creationTimestamp }: PolicyMeta): PolicyMeta {
  return { namespace, name, creationTimestamp };
}

/** For each top-level spec field some policy sets: the winning value and who supplied it. */
export function effectiveFields(policies: readonly RankedPolicy[], rule: MergeRule): Record<string, FieldSource> {
  const ordered = byAge(policies);
  if (rule === 'newest-wins') ordered.reverse();
  const out: Record<string, FieldSource> = {};
  for (const p of ordered) {
    for (const [field, value] of Object.entries(p.spec)) {
      if (NOT_MERGED.has(field) || value === undefined || value === null) continue;
      const seen = out[field];
      if (seen) seen.overridden.push(meta(p));
      else out[field] = { value, from: meta(p), overridden: [] };
    }
  }
  return out;
}
