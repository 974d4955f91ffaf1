/** Names per namespace, sorted: what the target picker offers (Services, Backends). */
export function namesByNamespace(items: { namespace: string; name: string }[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of items) (out[i.namespace] ??= []).push(i.name);
  for (const names of Object.values(out)) names.sort();
  return out;
}
