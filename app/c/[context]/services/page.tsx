import type { Metadata } from 'next';
import { ServicesTable } from '@/components/services/services-table';
import { ErrorBanner } from '@/components/ui/error-banner';
import { GatewayHealth } from '@/components/inspect/gateway-health';
import { listGateways } from '@/lib/k8s/gateways';
import { requireSession } from '@/lib/k8s/session';
import { firstRows, serviceRows } from '@/lib/k8s/service-rows';

export const metadata: Metadata = { title: 'Services' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export default async function ServicesPage({ searchParams }: Props) {
  const session = await requireSession();
  const [view, gateways, sp] = await Promise.all([serviceRows(session), listGateways(session), searchParams]);
  if (!view.ok) return <ErrorBanner error={view.error} />;
  const { rows, namespaces, policies, rule, kgatewayVersion: version, policiesError } = view.value;
  // The first rows the address asks for; the browser fetches the rest (/api/services/rows).
  const first = firstRows(rows, one(sp.q).slice(0, 200), one(sp.ns).split(',').filter(Boolean));
  return (
    <>
      <h1>Services</h1>
      {gateways.ok && <GatewayHealth gateways={gateways.value.map((g) => ({ namespace: g.namespace, name: g.name }))} />}
      {policiesError && <ErrorBanner error={policiesError} />}
      <p className="muted small">
        Precedence:{' '}
        {rule === 'oldest-wins'
          ? 'the oldest policy wins per field (kgateway v2.4+)'
          : 'the newest policy wins per field (kgateway v2.1–v2.3)'}
        {version ? `, for kgateway ${version}` : ' (kgateway version unknown)'}.
      </p>
      <ServicesTable
        first={first.rows}
        matching={first.matching}
        total={rows.length}
        namespaces={[...namespaces]}
        policies={[...policies]}
        rule={rule}
      />
    </>
  );
}
