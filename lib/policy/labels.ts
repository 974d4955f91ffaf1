import { isTree } from './spec-edit';

// Label selectors as one line of text, for the "Targets by label" editor
// (components/policies/target-selectors.tsx): loaded with it, when that group is open. Pure.

/** `app=httpbin, tier=edge` → `{ app: 'httpbin', tier: 'edge' }`, or why not (a label needs a key and `=`). */
export function parseLabels(text: string): Record<string, string> | { error: string } {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `"${part}" is not key=value` };
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return Object.keys(out).length ? out : { error: 'at least one key=value label' };
}

/** `{ app: 'httpbin' }` → `app=httpbin`, as parseLabels reads it. */
export function labelsText(labels: unknown): string {
  return isTree(labels)
    ? Object.entries(labels)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ')
    : '';
}
