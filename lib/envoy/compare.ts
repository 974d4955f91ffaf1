import type { Json } from './config-dump';

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
  const bothObjects = left !== null && right !== null && typeof left === 'object' && typeof right === 'object'
    && Array.isArray(left) === Array.isArray(right);
  if (!bothObjects) return [{ path: path || '.', left, right }];
  const keys = Array.isArray(left)
    ? [...Array(Math.max(left.length, (right as Json[]).length)).keys()].map(String)
    : [...new Set([...Object.keys(left as object), ...Object.keys(right as object)])].sort();
  return keys.filter((k) => !VOLATILE.has(k)).flatMap((k) => compareJson(
    (left as Record<string, Json>)[k], (right as Record<string, Json>)[k], Array.isArray(left) ? `${path}[${k}]` : `${path}.${k}`));
}
