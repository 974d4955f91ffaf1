import type { Metadata } from 'next';
import { ServicesTable } from '@/components/services/services-table';
import { ErrorBanner } from '@/components/ui/error-banner';
import { GatewayHealth } from '@/components/inspect/gateway-health';
import { listGateways } from '@/lib/k8s/gateways';
import { getClusterInfo } from '@/lib/k8s/cluster';
import { listPolicies } from '@/lib/k8s/policies';
import { listServices } from '@/lib/k8s/services';
import { requireSession } from '@/lib/k8s/session';
import { mergeRuleFor } from '@/lib/policy/precedence';
import { buildServiceRows } from '@/lib/policy/service-rows';

export const metadata: Metadata = { title: 'Services' };

export default async function ServicesPage() {
  const session = await requireSession();
  const [services, policies, cluster, gateways] = await Promise.all([
    listServices(session),
    listPolicies(session),
    getClusterInfo(session),
    listGateways(session),
  ]);
  if (!services.ok) return <ErrorBanner error={services.error} />;
  const version = cluster.ok ? cluster.value.kgateway.version : undefined;
  const rule = mergeRuleFor(version);
  const rows = buildServiceRows(services.value, policies.ok ? policies.value : [], rule);
  return (
    <>
      <h1>Services</h1>
      {gateways.ok && <GatewayHealth gateways={gateways.value.map((g) => ({ namespace: g.namespace, name: g.name }))} />}
      {!policies.ok && <ErrorBanner error={policies.error} />}
      <p className="muted small">
        Precedence:{' '}
        {rule === 'oldest-wins'
          ? 'the oldest policy wins per field (kgateway v2.4+)'
          : 'the newest policy wins per field (kgateway v2.1–v2.3)'}
        {version ? `, for kgateway ${version}` : ' (kgateway version unknown)'}.
      </p>
      <ServicesTable rows={rows} policies={policies.ok ? policies.value : []} rule={rule} />
    </>
  );
}
