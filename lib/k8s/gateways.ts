import 'server-only';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { err, ok, type Result } from '@/lib/wire/errors';
import { callOptions } from './client';
import type { Session } from './session';
import { toAppError } from './errors';
import type { RouteBackends } from '@/lib/inspect/findings';
import { KINDS, toCachedPod, type CachedRoute } from './kinds';
import { cachedList } from './list-cache';

export interface ProxyPod {
  name: string;
  phase: string;
  ready: boolean;
}

export interface GatewayDto {
  namespace: string;
  name: string;
  className: string;
  pods: ProxyPod[];
  /** `namespace/service:port` reached by the HTTPRoutes attached to this Gateway. */
  routedServices: { namespace: string; name: string; port: number }[];
}

const GW = { group: 'gateway.networking.k8s.io', version: 'v1' };

/** The gateway's proxy pods, found through the API by kgateway's label: the only pods we dial. */
export async function proxyPods(session: Session, namespace: string, gateway: string): Promise<Result<ProxyPod[]>> {
  try {
    const pods = await session.kc.makeApiClient(CoreV1Api).listNamespacedPod(
      {
        namespace,
        labelSelector: `gateway.networking.k8s.io/gateway-name=${gateway}`,
      },
      callOptions,
    );
    return ok(
      pods.items
        .map(toCachedPod)
        .map(({ name, phase, ready }) => ({ name, phase, ready }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  } catch (e) {
    return err(toAppError(e, { verb: 'list', resource: 'pods', namespace, server: session.server }));
  }
}

/** The Services a Gateway's HTTPRoutes send to. Pure. */
function routedTo(namespace: string, name: string, routes: readonly CachedRoute[]): GatewayDto['routedServices'] {
  return routes
    .filter((r) =>
      r.parentRefs.some((p) => p.name === name && (p.namespace ?? r.namespace) === namespace && (p.kind ?? 'Gateway') === 'Gateway'),
    )
    .flatMap((r) =>
      r.backendRefs
        .filter((b) => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '' && b.port !== undefined)
        .map((b) => ({ namespace: b.namespace ?? r.namespace, name: b.name, port: b.port! })),
    );
}

/** Every Gateway with its proxy pods and routed Services: from the person's caches when they are live. */
export async function listGateways(session: Session): Promise<Result<GatewayDto[]>> {
  const [gws, routes, pods] = await Promise.all([
    cachedList(session, 'gateways'),
    cachedList(session, 'httproutes'),
    cachedList(session, 'pods'),
  ]);
  if (gws && routes && pods) {
    const byGateway = new Map<string, ProxyPod[]>();
    for (const p of pods) {
      const key = `${p.namespace}/${p.gateway}`;
      const list = byGateway.get(key) ?? [];
      byGateway.set(key, list);
      list.push({ name: p.name, phase: p.phase, ready: p.ready });
    }
    return ok(
      gws.map((g) => ({
        ...g,
        pods: (byGateway.get(`${g.namespace}/${g.name}`) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
        routedServices: routedTo(g.namespace, g.name, routes),
      })),
    );
  }
  const api = session.kc.makeApiClient(CustomObjectsApi);
  try {
    const [listed, routeList] = await Promise.all([
      api.listClusterCustomObject({ ...GW, plural: 'gateways' }, callOptions) as Promise<{ items: unknown[] }>,
      (api.listClusterCustomObject({ ...GW, plural: 'httproutes' }, callOptions) as Promise<{ items: unknown[] }>).catch(() => ({
        items: [] as unknown[],
      })),
    ]);
    const direct = routeList.items.map(KINDS.httproutes.keep);
    const out: GatewayDto[] = await Promise.all(
      listed.items.map(KINDS.gateways.keep).map(async (g) => {
        const pods = await proxyPods(session, g.namespace, g.name);
        return { ...g, pods: pods.ok ? pods.value : [], routedServices: routedTo(g.namespace, g.name, direct) };
      }),
    );
    return ok(out);
  } catch (e) {
    return err(toAppError(e, { verb: 'list', resource: 'gateways', group: GW.group, server: session.server }));
  }
}

/** Every HTTPRoute's Service backends, cluster-wide (from the person's cache when it is live); `unknown` when the person may not list them. */
export async function routeBackends(session: Session): Promise<RouteBackends[] | 'unknown'> {
  let routes = await cachedList(session, 'httproutes');
  if (!routes) {
    try {
      const listed = (await session.kc
        .makeApiClient(CustomObjectsApi)
        .listClusterCustomObject({ ...GW, plural: 'httproutes' }, callOptions)) as { items: unknown[] };
      routes = listed.items.map(KINDS.httproutes.keep);
    } catch {
      return 'unknown';
    }
  }
  return routes.map((r) => ({
    route: `HTTPRoute ${r.namespace}/${r.name}`,
    backends: r.backendRefs
      .filter((b) => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '')
      .map((b) => ({ namespace: b.namespace ?? r.namespace, name: b.name, port: b.port })),
  }));
}
