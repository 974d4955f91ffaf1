import { parse as parseYaml } from 'yaml';

// Reading the YAML people type (the form's YAML tab), with the yaml library: loaded when the tab
// opens. Writing YAML is lib/present/to-yaml.ts, small enough to load with every page; the same
// writer serves the server (the review's diff) so both show the same text.
export { toYaml } from '@/lib/present/to-yaml';

/** At most this much YAML is read from the editor (a policy is a few KB). */
export const MAX_YAML_BYTES = 64 * 1024;

/**
 * The spec from YAML the person typed: the whole object as the preview shows it, or just what is
 * under `spec:`. Name and namespace are the form's own; YAML that names others is refused, not
 * half-applied. Anchors and aliases are refused (a policy needs none, and they can multiply a
 * small text into a huge value).
 */
export function specFromYaml(text: string, at: { name: string; namespace: string }): { spec: Record<string, unknown> } | { error: string } {
  if (text.length > MAX_YAML_BYTES)
    return { error: `At most ${MAX_YAML_BYTES / 1024} KB of YAML; this is ${Math.ceil(text.length / 1024)} KB.` };
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 0, uniqueKeys: true, prettyErrors: true });
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0]! };
  }
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(doc)) return { error: 'Expected a BackendConfigPolicy, or the fields under its spec, as a YAML mapping.' };
  const whole = 'spec' in doc || 'apiVersion' in doc || 'kind' in doc || 'metadata' in doc;
  if (whole && doc.kind !== undefined && doc.kind !== 'BackendConfigPolicy')
    return { error: `kind is ${String(doc.kind)}, not BackendConfigPolicy.` };
  const meta = whole && isMap(doc.metadata) ? doc.metadata : {};
  for (const k of ['name', 'namespace'] as const)
    if (meta[k] !== undefined && meta[k] !== at[k])
      return { error: `metadata.${k} is ${String(meta[k])}, but this form writes ${at[k] || '(no name yet)'}: change it above, not here.` };
  const spec = whole ? doc.spec : doc;
  if (spec === undefined || spec === null) return { spec: {} };
  return isMap(spec) ? { spec } : { error: 'spec must be a mapping of fields.' };
}
