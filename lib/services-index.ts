import type { ServiceDto } from '@/lib/dto';

/** Service names per namespace, sorted: what the target picker offers. */
export function servicesByNamespace(services: ServiceDto[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of services) (out[s.namespace] ??= []).push(s.name);
  for (const names of Object.values(out)) names.sort();
  return out;
}
