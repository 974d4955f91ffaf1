import type { FieldNode } from './crd-model';
import { isTree, type Tree } from './spec-edit';

// What one field's editor needs (components/policies/spec-field.tsx):
// loaded with them, when a section of the form is first open, not with the form. Pure.

export function getAt(tree: Tree, path: readonly string[]): unknown {
  let v: unknown = tree;
  for (const k of path) v = isTree(v) ? v[k] : undefined;
  return v;
}

/** The text an input shows for a value: numbers and booleans as written, lists comma-separated. */
export function leafText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(String).join(', ');
  return String(v);
}

/** Whether a field has an input of its own; lists of objects and maps are edited as YAML. */
export function hasInput(n: FieldNode): boolean {
  if (n.type === 'array') return !!n.items && n.items.type !== 'object' && n.items.type !== 'array';
  return n.type !== 'object';
}
