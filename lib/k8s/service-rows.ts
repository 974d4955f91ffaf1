import 'server-only';
import { buildServiceRows, matchesSearch, type ServiceRow } from '@/lib/policy/service-rows';
import { mergeRuleFor, type MergeRule } from '@/lib/policy/precedence';
import type { PolicyDto, ServiceDto } from '@/lib/wire/dto';
import { ok, type AppError, type Result } from '@/lib/wire/errors';
import { env } from '@/lib/config/env';
import { kgatewayVersion } from './cluster';
import { listPolicies } from './policies';
import { listServices } from './services';
import type { Session } from './session';

// The Services page's rows, joined once per change rather than once per page view. From the
// person's caches (lib/k8s/list-cache.ts) the lists keep their identity until something changes,
// so the join, its namespaces and its JSON are kept with them (WeakMaps: dropped with the
// lists). The page sends the first rows; the browser fetches the rest as one JSON.

interface ServiceRowsView {
  rows: readonly ServiceRow[];
  namespaces: readonly string[];
  policies: readonly PolicyDto[];
  rule: MergeRule;
  kgatewayVersion?: string;
  policiesError?: AppError;
}

interface Joined {
  rows: readonly ServiceRow[];
  namespaces: readonly string[];
  json?: Buffer;
}

const joins = new WeakMap<readonly ServiceDto[], WeakMap<readonly PolicyDto[], Map<MergeRule, Joined>>>();

function join(services: readonly ServiceDto[], policies: readonly PolicyDto[], rule: MergeRule): Joined {
  let byPolicies = joins.get(services);
  if (!byPolicies) joins.set(services, (byPolicies = new WeakMap()));
  let byRule = byPolicies.get(policies);
  if (!byRule) byPolicies.set(policies, (byRule = new Map()));
  let j = byRule.get(rule);
  if (!j) {
    const rows = buildServiceRows(services as ServiceDto[], policies as PolicyDto[], rule);
    j = { rows, namespaces: [...new Set(rows.map((r) => r.namespace))].sort() };
    byRule.set(rule, j);
  }
  return j;
}

/** Every Service the person may list, with the policies in effect on each. */
export async function serviceRows(session: Session): Promise<Result<ServiceRowsView & { joined: Joined }>> {
  // From the person's informers when they are live: then the lists are the cached snapshots
  // themselves, and the join below is made once per change.
  const [services, policies, version] = await Promise.all([listServices(session), listPolicies(session), kgatewayVersion(session)]);
  if (!services.ok) return services;
  const policiesError: AppError | undefined = policies.ok ? undefined : policies.error;
  const rule = mergeRuleFor(version);
  const held = policies.ok ? policies.value : [];
  const joined = join(services.value, held, rule);
  return ok({
    rows: joined.rows,
    namespaces: joined.namespaces,
    policies: held,
    rule,
    kgatewayVersion: version,
    policiesError,
    joined,
  });
}

/**
 * The rows an address's `q` and `ns` pick, the first DASHBOARD_FIRST_ROWS of them (the page
 * carries those; the rest follow from the rows route), and how many there are.
 */
export function firstRows(rows: readonly ServiceRow[], q: string, ns: readonly string[]): { rows: ServiceRow[]; matching: number } {
  const wanted = env().DASHBOARD_FIRST_ROWS;
  const chosen = new Set(ns);
  const out: ServiceRow[] = [];
  let matching = 0;
  for (const r of rows) {
    if ((chosen.size === 0 || chosen.has(r.namespace)) && matchesSearch(r, q)) {
      if (out.length < wanted) out.push(r);
      matching++;
    }
  }
  return { rows: out, matching };
}

/**
 * All rows as JSON, made once per change. The server's compression gzips it on its way out: Next
 * drops a route's own Content-Encoding, so a body gzipped here would be gzipped twice.
 */
export function rowsJson(joined: Joined): Buffer {
  joined.json ??= Buffer.from(JSON.stringify({ ok: true, value: { rows: joined.rows } }));
  return joined.json;
}
