import 'server-only';
import { CoreV1Api, CustomObjectsApi, type KubeConfig, type V1Pod, type V1Service } from '@kubernetes/client-node';
import type { LiveKind } from '@/lib/live/kinds';
import { GROUP, RESOURCE } from '@/lib/policy/model';
import type { PolicyDto, ServiceDto } from '@/lib/wire/dto';
import { callOptions } from './client';
import { toPolicyDto, toServiceDto, type RawPolicy } from './to-dto';

// The kinds the server keeps informers for (lib/k8s/watch-hub.ts): how to list one page of each,
// where to watch it, and what of each object the cache keeps — the fields the pages show, no more.

/** A gateway proxy pod, found by kgateway's label. */
export interface CachedPod {
  namespace: string;
  name: string;
  gateway: string;
  phase: string;
  ready: boolean;
}

export interface CachedGateway {
  namespace: string;
  name: string;
  className: string;
}

/** An HTTPRoute, as far as it names Gateways and Service backends. */
export interface CachedRoute {
  namespace: string;
  name: string;
  parentRefs: { name: string; namespace?: string; kind?: string }[];
  backendRefs: { name: string; namespace?: string; port?: number; kind?: string; group?: string }[];
}

export type HubKind = LiveKind | 'gateways' | 'httproutes';

export interface Kept {
  services: ServiceDto;
  backendconfigpolicies: PolicyDto;
  pods: CachedPod;
  gateways: CachedGateway;
  httproutes: CachedRoute;
}

interface Page {
  items: unknown[];
  metadata?: { resourceVersion?: string; _continue?: string };
}

interface KindSpec<K extends HubKind> {
  /** The watch's path and query. */
  path: string;
  query?: Record<string, string>;
  /** One page of the list. */
  list(kc: KubeConfig, limit: number, cont?: string): Promise<Page>;
  keep(o: unknown): Kept[K];
}

const GATEWAY_LABEL = 'gateway.networking.k8s.io/gateway-name';
const GW = { group: 'gateway.networking.k8s.io', version: 'v1' };

const custom = (group: string, version: string, plural: string) => (kc: KubeConfig, limit: number, cont?: string) =>
  kc
    .makeApiClient(CustomObjectsApi)
    .listClusterCustomObject({ group, version, plural, limit, _continue: cont }, callOptions) as Promise<Page>;

export function toCachedPod(p: V1Pod): CachedPod {
  return {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    gateway: p.metadata?.labels?.[GATEWAY_LABEL] ?? '',
    phase: p.status?.phase ?? 'Unknown',
    ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
  };
}

export const KINDS: { [K in HubKind]: KindSpec<K> } = {
  services: {
    path: '/api/v1/services',
    list: (kc, limit, cont) => kc.makeApiClient(CoreV1Api).listServiceForAllNamespaces({ limit, _continue: cont }, callOptions),
    keep: (o) => toServiceDto(o as V1Service),
  },
  backendconfigpolicies: {
    path: `/apis/${GROUP}/v1alpha1/${RESOURCE}`,
    list: custom(GROUP, 'v1alpha1', RESOURCE),
    keep: (o) => toPolicyDto(o as RawPolicy),
  },
  // Only gateway proxy pods matter to the pages.
  pods: {
    path: '/api/v1/pods',
    query: { labelSelector: GATEWAY_LABEL },
    list: (kc, limit, cont) =>
      kc.makeApiClient(CoreV1Api).listPodForAllNamespaces({ limit, _continue: cont, labelSelector: GATEWAY_LABEL }, callOptions),
    keep: (o) => toCachedPod(o as V1Pod),
  },
  gateways: {
    path: `/apis/${GW.group}/${GW.version}/gateways`,
    list: custom(GW.group, GW.version, 'gateways'),
    keep: (o) => {
      const g = o as { metadata: { namespace: string; name: string }; spec?: { gatewayClassName?: string } };
      return { namespace: g.metadata.namespace, name: g.metadata.name, className: g.spec?.gatewayClassName ?? '' };
    },
  },
  httproutes: {
    path: `/apis/${GW.group}/${GW.version}/httproutes`,
    list: custom(GW.group, GW.version, 'httproutes'),
    keep: (o) => {
      const r = o as {
        metadata: { namespace: string; name: string };
        spec?: { parentRefs?: CachedRoute['parentRefs']; rules?: { backendRefs?: CachedRoute['backendRefs'] }[] };
      };
      return {
        namespace: r.metadata.namespace,
        name: r.metadata.name,
        parentRefs: (r.spec?.parentRefs ?? []).map(({ name, namespace, kind }) => ({ name, namespace, kind })),
        backendRefs: (r.spec?.rules ?? [])
          .flatMap((rule) => rule.backendRefs ?? [])
          .map(({ name, namespace, port, kind, group }) => ({ name, namespace, port, kind, group })),
      };
    },
  },
};
