import type { FieldNode } from '@/lib/policy/crd-model';
import { validateNode } from '@/lib/policy/crd-validate';

// Minimal valid values of a CRD's fields, built from the field model and checked by the
// dashboard's own validator, to hold each value under test in an otherwise valid policy.

const STRINGS = ['', 'Service', '1s', '10s', '100ms', '1m', 'System', 'V1', 'a', 'example.com/name', '1', '/', 'x-header', 'default'];

export function sample(n: FieldNode): unknown {
  const ok = (v: unknown) => validateNode(v, n, n.path).causes.length === 0;
  if (n.default !== undefined && ok(n.default)) return n.default;
  switch (n.type) {
    case 'boolean':
      return true;
    case 'integer':
    case 'number': {
      const lo = n.minimum ?? 0;
      return [Math.max(lo, 1), lo, n.maximum ?? 1].find(ok) ?? Math.max(lo, 1);
    }
    case 'int-or-string':
      return [65535, 1, '1'].find(ok) ?? 65535;
    case 'string':
      return [...(n.enum ?? []), ...STRINGS].find(ok) ?? STRINGS[0];
    case 'array':
      return n.items ? [sample(n.items)] : [];
    case 'object':
      return objectWith(n, {});
  }
}

/**
 * The object's required fields (sampled), with `given` as they are; when a rule wants one of the
 * optional fields too ("at least one of", "http or grpc"), the first one that makes it valid.
 */
function objectWith(n: FieldNode, given: Record<string, unknown>): Record<string, unknown> {
  const ok = (v: unknown) => validateNode(v, n, n.path).causes.length === 0;
  const out: Record<string, unknown> = {};
  for (const r of n.required) out[r] = sample(n.properties![r]!);
  Object.assign(out, given);
  if (ok(out)) return out;
  for (const [k, c] of Object.entries(n.properties ?? {})) {
    if (k in out) continue;
    const tried = { ...out, [k]: sample(c) };
    if (ok(tried)) return tried;
  }
  return out;
}

/**
 * A minimal valid spec with `value` at `path` (a model path; `[*]` is the first item), built from
 * the value up, so that each parent is chosen around the child it holds (a one-of parent holds
 * that child and no other).
 */
export function specWith(spec: FieldNode, path: string, value: unknown): unknown {
  const steps = path
    .replace(/^spec\.?/, '')
    .split(/\.|(?=\[\*\])/)
    .filter(Boolean);
  const chain: FieldNode[] = [spec];
  for (const step of steps) {
    const at = chain.at(-1)!;
    chain.push(step === '[*]' ? at.items! : at.properties![step]!);
  }
  let v = value;
  for (let i = steps.length - 1; i >= 0; i--) {
    const parent = chain[i]!;
    v = steps[i] === '[*]' ? [v] : objectWith(parent, { [steps[i]!]: v });
  }
  return v;
}
