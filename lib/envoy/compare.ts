import { checkDumpDepth, listClusters, type Json } from './config-dump.ts';

// A semantic comparison of two clusters (replica against replica, before against after): the
// JSON paths whose values differ, not a text diff. Pure.

export interface Difference {
  path: string;
  left?: Json;
  right?: Json;
}

/** Fields Envoy sets per delivery; they differ between replicas without meaning anything. */
const VOLATILE = new Set(['last_updated', 'version_info']);

const isContainer = (v: Json | undefined): v is Json[] | { [key: string]: Json } => v !== null && typeof v === 'object';

/** The keys of two objects, or the indexes of two arrays, in the order differences are listed. */
function childKeys(left: Json[] | { [key: string]: Json }, right: Json[] | { [key: string]: Json }): string[] {
  if (Array.isArray(left)) return [...Array(Math.max(left.length, (right as Json[]).length)).keys()].map(String);
  return [...new Set([...Object.keys(left), ...Object.keys(right)])].sort().filter((k) => !VOLATILE.has(k));
}

/**
 * The paths where two values differ, depth first in key order. An explicit stack rather than
 * recursion, and JSON.stringify only on primitives, so values of any depth compare.
 */
export function compareJson(left: Json | undefined, right: Json | undefined, path = ''): Difference[] {
  const out: Difference[] = [];
  const stack: [Json | undefined, Json | undefined, string][] = [[left, right, path]];
  while (stack.length > 0) {
    const [l, r, at] = stack.pop()!;
    if (isContainer(l) && isContainer(r) && Array.isArray(l) === Array.isArray(r)) {
      const keys = childKeys(l, r);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        stack.push([(l as Record<string, Json>)[k], (r as Record<string, Json>)[k], Array.isArray(l) ? `${at}[${k}]` : `${at}.${k}`]);
      }
    } else if (isContainer(l) || isContainer(r) || JSON.stringify(l) !== JSON.stringify(r)) {
      out.push({ path: at || '.', left: l, right: r });
    }
  }
  return out;
}

export interface DumpComparison {
  onlyLeft: string[];
  onlyRight: string[];
  changed: { name: string; differences: Difference[] }[];
  same: number;
}

/**
 * Two dumps compared cluster by cluster: which appeared, which went, which changed and how. Files
 * opened in the browser have not been through summarizeDump, and a difference is shown with
 * JSON.stringify, which overflows the stack on a deep enough value: both are checked first.
 */
export function compareDumps(left: unknown, right: unknown): DumpComparison {
  checkDumpDepth(left);
  checkDumpDepth(right);
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
