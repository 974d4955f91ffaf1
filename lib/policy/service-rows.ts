import type { PolicyDto, ServiceDto } from '@/lib/wire/dto';
import { howPolicyTargets, type TcpKeepalive } from './model';
import { effectiveFields, type MergeRule } from './precedence';

export interface ServiceRow extends ServiceDto {
  policies: { name: string; how: 'ref' | 'selector' }[];
  /** The tcpKeepalive kgateway gives this Service's clusters, and which policy supplies it. */
  keepalive?: { value: TcpKeepalive; from: string; overridden: string[] };
  /** Every other top-level field in effect (connectTimeout, healthCheck, …), each with its policy. */
  settings: { field: string; from: string; overridden: string[] }[];
}

/** Joins Services with the policies that target them (by name or by labels). Pure. */
export function buildServiceRows(services: ServiceDto[], policies: PolicyDto[], rule: MergeRule): ServiceRow[] {
  const byNamespace = new Map<string, PolicyDto[]>();
  for (const p of policies) byNamespace.set(p.namespace, [...(byNamespace.get(p.namespace) ?? []), p]);
  return services.map((svc) => {
    const matches = (byNamespace.get(svc.namespace) ?? [])
      .map((p) => ({ p, how: howPolicyTargets(p, svc) }))
      .filter((m): m is { p: PolicyDto; how: 'ref' | 'selector' } => m.how !== undefined);
    const effective = matches.length
      ? effectiveFields(
          matches.map((m) => m.p),
          rule,
        )
      : {};
    const { tcpKeepalive: k, ...others } = effective;
    return {
      ...svc,
      policies: matches.map((m) => ({ name: m.p.name, how: m.how })),
      ...(k && { keepalive: { value: k.value as TcpKeepalive, from: k.from.name, overridden: k.overridden.map((o) => o.name) } }),
      settings: Object.entries(others).map(([field, src]) => ({
        field,
        from: src.from.name,
        overridden: src.overridden.map((o) => o.name),
      })),
    };
  });
}

/** Name, namespace, `key=value` label or label value: what the search box matches. */
export function matchesSearch(row: Pick<ServiceRow, 'name' | 'namespace' | 'labels'>, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return q.split(/\s+/).every((term) => {
    const eq = term.indexOf('=');
    if (eq > 0) return row.labels[term.slice(0, eq)]?.toLowerCase() === term.slice(eq + 1);
    return (
      row.name.toLowerCase().includes(term) ||
      row.namespace.toLowerCase().includes(term) ||
      Object.entries(row.labels).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(term))
    );
  });
}

/**
 * The order the API server lists objects in: by their key `namespace/name`, byte by byte (so
 * `shop-a/x` comes before `shop/x`). A new row goes where a fresh list would put it.
 */
export function byPlace(a: Pick<ServiceDto, 'namespace' | 'name'>, b: Pick<ServiceDto, 'namespace' | 'name'>): number {
  const [x, y] = [`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The rows after one watched change of a Service: its row added, replaced or removed, the others
 * untouched (the same objects). A change without the Service (a deletion) only removes. Pure.
 */
export function applyServiceChange(
  rows: ServiceRow[],
  change: { change: 'ADDED' | 'MODIFIED' | 'DELETED'; namespace?: string; name: string; service?: ServiceDto },
  policies: PolicyDto[],
  rule: MergeRule,
): ServiceRow[] {
  const at = rows.findIndex((r) => r.namespace === change.namespace && r.name === change.name);
  if (change.change === 'DELETED' || !change.service) return at < 0 ? rows : [...rows.slice(0, at), ...rows.slice(at + 1)];
  const [row] = buildServiceRows([change.service], policies, rule);
  if (at >= 0) return [...rows.slice(0, at), row!, ...rows.slice(at + 1)];
  // Binary search for the place: lists hold tens of thousands of rows.
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byPlace(rows[mid]!, row!) < 0) lo = mid + 1;
    else hi = mid;
  }
  return [...rows.slice(0, lo), row!, ...rows.slice(lo)];
}
