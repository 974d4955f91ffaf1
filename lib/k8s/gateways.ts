import 'server-only';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { err, ok, type Result } from '@/lib/wire/errors';
import { callOptions } from './client';
import type { Session } from './session';
import { toAppError } from './errors';
import type { RouteBackends } from '@/lib/inspect/findings';

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

interface RawRoute {
  metadata: { namespace: string };
  spec?: {
    parentRefs?: { name: string; namespace?: string; kind?: string }[];
    rules?: { backendRefs?: { name: string; namespace?: string; port?: number; kind?: string; group?: string }[] }[];
  };
}

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
        .map((p) => ({
          name: p.metadata?.name ?? '',
          phase: p.status?.phase ?? 'Unknown',
          ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  } catch (e) {
    return err(toAppError(e, { verb: 'list', resource: 'pods', namespace, server: session.server }));
  }
}

export async function listGateways(session: Session): Promise<Result<GatewayDto[]>> {
  const api = session.kc.makeApiClient(CustomObjectsApi);
  try {
    const [gws, routes] = await Promise.all([
      api.listClusterCustomObject({ ...GW, plural: 'gateways' }, callOptions) as Promise<{
        items: { metadata: { namespace: string; name: string }; spec: { gatewayClassName: string } }[];
      }>,
      (api.listClusterCustomObject({ ...GW, plural: 'httproutes' }, callOptions) as Promise<{ items: RawRoute[] }>).catch(() => ({
        items: [] as RawRoute[],
      })),
    ]);
    const out: GatewayDto[] = await Promise.all(
      gws.items.map(async (g) => {
        const { namespace, name } = g.metadata;
        const pods = await proxyPods(session, namespace, name);
        const routedServices = routes.items
          .filter((r) =>
            r.spec?.parentRefs?.some(
              (p) => p.name === name && (p.namespace ?? r.metadata.namespace) === namespace && (p.kind ?? 'Gateway') === 'Gateway',
            ),
          )
          .flatMap((r) =>
            (r.spec?.rules ?? [])
              .flatMap((rule) => rule.backendRefs ?? [])
              .filter((b) => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '' && b.port !== undefined)
              .map((b) => ({ namespace: b.namespace ?? r.metadata.namespace, name: b.name, port: b.port! })),
          );
        return { namespace, name, className: g.spec.gatewayClassName, pods: pods.ok ? pods.value : [], routedServices };
      }),
    );
    return ok(out);
  } catch (e) {
    return err(toAppError(e, { verb: 'list', resource: 'gateways', group: GW.group, server: session.server }));
  }
}

/** Every HTTPRoute's Service backends, cluster-wide; `unknown` when the person may not list them. */
export async function routeBackends(session: Session): Promise<RouteBackends[] | 'unknown'> {
  try {
    const routes = (await session.kc
      .makeApiClient(CustomObjectsApi)
      .listClusterCustomObject({ ...GW, plural: 'httproutes' }, callOptions)) as { items: (RawRoute & { metadata: { name: string } })[] };
    return routes.items.map((r) => ({
      route: `HTTPRoute ${r.metadata.namespace}/${r.metadata.name}`,
      backends: (r.spec?.rules ?? [])
        .flatMap((rule) => rule.backendRefs ?? [])
        .filter((b) => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '')
        .map((b) => ({ namespace: b.namespace ?? r.metadata.namespace, name: b.name, port: b.port })),
    }));
  } catch {
    return 'unknown';
  }
}
