import type { Metadata } from 'next';
import { GuideWalkthrough } from '@/components/guide/guide-walkthrough';
import { ErrorBanner } from '@/components/ui/error-banner';
import { can } from '@/lib/k8s/access';
import { defaultContext } from '@/lib/k8s/client';
import { listBackendNames } from '@/lib/k8s/backends';
import { firstParam } from '@/lib/nav/search-params';
import { listGateways } from '@/lib/k8s/gateways';
import { listPolicies } from '@/lib/k8s/policies';
import { listServices } from '@/lib/k8s/services';
import { parseGuideState } from '@/lib/guide/walkthrough';
import { GROUP, howPolicyTargets, RESOURCE } from '@/lib/policy/model';
import { namesByNamespace } from '@/lib/present/names';
import { requireSession } from '@/lib/k8s/session';

export const metadata: Metadata = { title: 'Guided walkthrough' };

// The guided walkthrough of kgateway's keepalive guide. Everything on screen comes from the URL,
// so a link reproduces it; what changed since the link was made is said, not hidden.
export default async function GuidePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const session = await requireSession();
  const state = parseGuideState(sp);
  const [services, gateways] = await Promise.all([listServices(session), listGateways(session)]);
  if (!services.ok) return <ErrorBanner error={services.error} />;
  const svc = state.service && services.value.find((s) => s.namespace === state.service!.namespace && s.name === state.service!.name);
  const ns = svc?.namespace;
  const [policies, backends, create, patch, remove] = ns
    ? await Promise.all([
        listPolicies(session, ns),
        listBackendNames(session, ns),
        can(session, 'create', RESOURCE, GROUP, ns),
        can(session, 'patch', RESOURCE, GROUP, ns),
        can(session, 'delete', RESOURCE, GROUP, ns),
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
  // Commands name the context unless it is the default one; the snapshot always names it.
  const kubectlContext = session.context === defaultContext() ? undefined : session.context;
  return (
    <GuideWalkthrough
      contextName={session.context}
      kubectlContext={kubectlContext}
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
