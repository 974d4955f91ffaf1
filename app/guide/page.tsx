import { connection } from 'next/server';
import { GuideWalkthrough } from '@/components/guide/guide-walkthrough';
import { ErrorBanner } from '@/components/ui/error-banner';
import { can } from '@/lib/k8s/access';
import { currentTarget } from '@/lib/k8s/client';
import { listBackendNames } from '@/lib/k8s/backends';
import { contextParam, firstParam } from '@/lib/k8s/context-param';
import { listGateways } from '@/lib/k8s/gateways';
import { listPolicies } from '@/lib/k8s/policies';
import { listServices } from '@/lib/k8s/services';
import { parseGuideState } from '@/lib/guide';
import { GROUP, howPolicyTargets, RESOURCE } from '@/lib/policy/model';
import { namesByNamespace } from '@/lib/services-index';

// The guided walkthrough of kgateway's keepalive guide. Everything on screen comes from the URL,
// so a link reproduces it; what changed since the link was made is said, not hidden.
export default async function GuidePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const sp = await searchParams;
  const ctx = contextParam(sp);
  if (!ctx.ok) return <ErrorBanner error={ctx.error} />;
  const context = ctx.value;
  const state = { ...parseGuideState(sp), context };
  const [services, gateways] = await Promise.all([listServices(context), listGateways(context)]);
  if (!services.ok) return <ErrorBanner error={services.error} />;
  const svc = state.service && services.value.find((s) => s.namespace === state.service!.namespace && s.name === state.service!.name);
  const ns = svc?.namespace;
  const [policies, backends, create, patch, remove] = ns
    ? await Promise.all([
        listPolicies(context, ns),
        listBackendNames(context, ns),
        can(context, 'create', RESOURCE, GROUP, ns),
        can(context, 'patch', RESOURCE, GROUP, ns),
        can(context, 'delete', RESOURCE, GROUP, ns),
      ])
    : [undefined, [], undefined, undefined, undefined];
  const targeting = svc && policies?.ok ? policies.value.filter((p) => howPolicyTargets(p, svc)) : [];
  const chosen = state.policy && policies?.ok ? policies.value.find((p) => p.name === state.policy) : undefined;
  const port = state.port ?? svc?.ports[0]?.port;
  const gws = gateways.ok ? gateways.value : [];
  const routed = svc && gws.find((g) => g.routedServices.some((r) => r.namespace === svc.namespace && r.name === svc.name));
  const fallback = routed ?? gws[0];
  const gateway = state.gateway ?? (fallback && { namespace: fallback.namespace, name: fallback.name });
  const byNamespace: Record<string, { name: string; ports: number[] }[]> = {};
  for (const s of services.value) (byNamespace[s.namespace] ??= []).push({ name: s.name, ports: s.ports.map((p) => p.port) });
  // The snapshot names the context even when the link uses the default one.
  const contextName = currentTarget(context).context;
  return (
    <GuideWalkthrough
      contextName={contextName}
      state={{ ...state, port, gateway }}
      session={firstParam(sp, 'session')}
      sessionKey={firstParam(sp, 'key')}
      follow={firstParam(sp, 'follow')}
      services={byNamespace}
      gateways={gws.map((g) => ({ namespace: g.namespace, name: g.name, pods: g.pods.map((p) => p.name) }))}
      targeting={targeting}
      chosen={chosen}
      policyMissing={!!state.policy && !chosen && policies?.ok === true}
      policiesError={policies && !policies.ok ? policies.error : undefined}
      backendsByNamespace={namesByNamespace(backends)}
      permissions={create && patch && remove ? { write: chosen ? patch : create.allowed ? patch : create, remove } : undefined}
    />
  );
}
