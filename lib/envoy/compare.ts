import { listClusters, type Json } from './config-dump.ts';

// A semantic comparison of two clusters (replica against replica, before against after): the
// JSON paths whose values differ, not a text diff. Pure.

export interface Difference {
  path: string;
  left?: Json;
  right?: Json;
}

/** Fields Envoy sets per delivery; they differ between replicas without meaning anything. */
const VOLATILE = new Set(['last_updated', 'version_info']);

export function compareJson(left: Json | undefined, right: Json | undefined, path = ''): Difference[] {
  if (JSON.stringify(left) === JSON.stringify(right)) return [];
  const bothObjects =
    left !== null &&
    right !== null &&
    typeof left === 'object' &&
    typeof right === 'object' &&
    Array.isArray(left) === Array.isArray(right);
  if (!bothObjects) return [{ path: path || '.', left, right }];
  const keys = Array.isArray(left)
    ? [...Array(Math.max(left.length, (right as Json[]).length)).keys()].map(String)
    : [...new Set([...Object.keys(left as object), ...Object.keys(right as object)])].sort();
  return keys
    .filter((k) => !VOLATILE.has(k))
    .flatMap((k) =>
      compareJson(
        (left as Record<string, Json>)[k],
        (right as Record<string, Json>)[k],
        Array.isArray(left) ? `${path}[${k}]` : `${path}.${k}`,
      ),
    );
}

export interface DumpComparison {
  onlyLeft: string[];
  onlyRight: string[];
  changed: { name: string; differences: Difference[] }[];
  same: number;
}

/** Two dumps compared cluster by cluster: which appeared, which went, which changed and how. */
export function compareDumps(left: unknown, right: unknown): DumpComparison {
  const byName = (dump: unknown) => new Map(listClusters(dump).map((c) => [c.name, c.cluster as Json]));
  const [l, r] = [byName(left), byName(right)];
  const out: DumpComparison = { onlyLeft: [], onlyRight: [], changed: [], same: 0 };
  for (const [name, cluster] of l) {
    if (!r.has(name)) {
      out.onlyLeft.push(name);
      continue;
    }
    const differences = compareJson(cluster, r.get(name));
    if (differences.length) out.changed.push({ name, differences });
    else out.same++;
  }
  out.onlyRight = [...r.keys()].filter((name) => !l.has(name));
  return out;
}
