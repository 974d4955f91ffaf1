import type { V1Service } from '@kubernetes/client-node';
import type { PolicyAncestorDto, PolicyDto, ServiceDto } from '@/lib/wire/dto';

// The API server's objects as the dashboard hands them out. Pure, and apart from the modules that
// list them (policies.ts, services.ts): the caches' kinds (kinds.ts) convert with them too, and
// importing those modules made a cycle through list-cache.ts and watch-hub.ts.

export interface RawPolicy {
  metadata: {
    name: string;
    namespace: string;
    creationTimestamp: string;
    generation?: number;
    resourceVersion: string;
    managedFields?: { manager?: string; operation?: string; time?: string; subresource?: string }[];
  };
  spec?: Record<string, unknown>;
  status?: {
    ancestors?: { ancestorRef?: Record<string, unknown>; controllerName?: string; conditions?: PolicyAncestorDto['conditions'] }[];
  };
}

export function toPolicyDto(o: RawPolicy): PolicyDto {
  const ancestors = (o.status?.ancestors ?? []).map((a) => {
    const r = a.ancestorRef ?? {};
    const group = (r.group as string | undefined) ?? 'gateway.networking.k8s.io';
    const kind = (r.kind as string | undefined) ?? 'Gateway';
    return {
      ref: `${group ? `${group}/` : ''}${kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`,
      controllerName: a.controllerName ?? '',
      conditions: a.conditions ?? [],
    };
  });
  // Status writes (kgateway reporting) are not changes to what the user edits.
  const managers = [...(o.metadata.managedFields ?? [])]
    .filter((m) => m.subresource !== 'status')
    .map((m) => ({ manager: m.manager ?? '?', operation: m.operation ?? '?', time: m.time }))
    .sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
  return {
    namespace: o.metadata.namespace,
    name: o.metadata.name,
    creationTimestamp: o.metadata.creationTimestamp,
    generation: o.metadata.generation ?? 0,
    resourceVersion: o.metadata.resourceVersion,
    spec: o.spec ?? {},
    ancestors,
    managers,
  };
}

export function toServiceDto(s: V1Service): ServiceDto {
  return {
    namespace: s.metadata?.namespace ?? '',
    name: s.metadata?.name ?? '',
    type: s.spec?.type ?? 'ClusterIP',
    labels: s.metadata?.labels ?? {},
    ports: (s.spec?.ports ?? []).map((p) => ({
      name: p.name,
      port: p.port,
      targetPort: p.targetPort as string | number | undefined,
      appProtocol: p.appProtocol,
      protocol: p.protocol,
    })),
  };
}
