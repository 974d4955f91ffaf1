import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorBanner } from '@/components/ui/error-banner';
import { listGateways } from '@/lib/k8s/gateways';
import { clusterPath } from '@/lib/nav/cluster-path';
import { requireSession } from '@/lib/k8s/session';

export const metadata: Metadata = { title: 'Gateways' };

export default async function GatewaysPage() {
  const session = await requireSession();
  const gateways = await listGateways(session);
  if (!gateways.ok) return <ErrorBanner error={gateways.error} />;
  return (
    <>
      <h1>Gateways</h1>
      {gateways.value.length === 0 && <p className="muted">No Gateways in this cluster.</p>}
      <ul className="policy-list" aria-label="Gateways">
        {gateways.value.map((g) => {
          const href = `/gateways/${g.namespace}/${g.name}`;
          return (
            <li key={`${g.namespace}/${g.name}`} className="card" aria-label={`${g.namespace}/${g.name}`}>
              <Link prefetch={false} href={clusterPath(session.context, href)}>
                <strong>
                  {g.namespace}/{g.name}
                </strong>
              </Link>
              <span className="muted small"> · class {g.className}</span>
              <div className="small">
                Proxy pods: {g.pods.filter((p) => p.ready).length}/{g.pods.length} ready
                {g.pods.length > 0 && ` (${g.pods.map((p) => `${p.name} ${p.phase}`).join(', ')})`}
              </div>
              <div className="small">
                Routes reach:{' '}
                {g.routedServices.length === 0
                  ? '—'
                  : g.routedServices.map((s) => (
                      <Link
                        prefetch={false}
                        key={`${s.namespace}/${s.name}:${s.port}`}
                        href={clusterPath(session.context, `${href}?service=${s.namespace}/${s.name}&port=${s.port}`)}
                      >
                        {s.namespace}/{s.name}:{s.port}{' '}
                      </Link>
                    ))}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
