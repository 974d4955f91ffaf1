import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusConditions } from '@/components/policies/status-conditions';
import { ErrorBanner } from '@/components/ui/error-banner';
import { listPolicies } from '@/lib/k8s/policies';
import { listServices } from '@/lib/k8s/services';
import { keysOf } from '@/lib/k8s/list-cache';
import { clusterPath } from '@/lib/nav/cluster-path';
import { envoyPreview, tcpKeepaliveOfSpec, targetRefsOf, targetSelectorsOf } from '@/lib/policy/model';
import { sectionsOfSpec } from '@/lib/policy/spec-edit';
import { requireSession } from '@/lib/k8s/session';

export const metadata: Metadata = { title: 'Policies' };

export default async function PoliciesPage() {
  const session = await requireSession();
  const [policies, services] = await Promise.all([listPolicies(session), listServices(session)]);
  if (!policies.ok) return <ErrorBanner error={policies.error} />;
  const existing = services.ok ? keysOf(services.value) : new Set<string>();
  return (
    <>
      <div className="title-row">
        <h1>BackendConfigPolicies</h1>
        <Link className="button" href={clusterPath(session.context, '/policies/new')}>
          New policy
        </Link>
      </div>
      {policies.value.length === 0 && <p className="muted">No BackendConfigPolicies yet.</p>}
      <ul className="policy-list" aria-label="Policies">
        {policies.value.map((p) => {
          const refs = targetRefsOf(p.spec);
          const k = tcpKeepaliveOfSpec(p.spec);
          const sets = Object.keys(sectionsOfSpec(p.spec)).filter((f) => f !== 'targetSelectors');
          const targetsExist = refs.every((r) => r.kind !== 'Service' || existing.has(`${p.namespace}/${r.name}`));
          return (
            <li key={`${p.namespace}/${p.name}`} className="card" aria-label={`${p.namespace}/${p.name}`}>
              <Link href={clusterPath(session.context, `/policies/${p.namespace}/${p.name}`)}>
                <strong>
                  {p.namespace}/{p.name}
                </strong>
              </Link>
              <div className="small">
                Targets:{' '}
                {refs
                  .map((r) => `${r.kind} ${r.name}${r.kind === 'Service' && !existing.has(`${p.namespace}/${r.name}`) ? ' (missing)' : ''}`)
                  .join(', ') || '—'}
                {targetSelectorsOf(p.spec).length > 0 && ` · ${targetSelectorsOf(p.spec).length} label selector(s)`}
              </div>
              <div className="small">
                tcpKeepalive:{' '}
                {k
                  ? envoyPreview(k)
                      .filter((v) => v.text)
                      .map(
                        (v) =>
                          `${v.field} ${v.text}${v.envoy !== undefined && v.field !== 'keepAliveProbes' ? ` (Envoy ${v.envoy} s)` : ''}`,
                      )
                      .join(' · ') || 'on, OS defaults'
                  : 'not set'}
              </div>
              <div className="small" data-testid="policy-sets">
                Also sets: {sets.length ? sets.map((f) => <code key={f}>{f} </code>) : '—'}
              </div>
              <StatusConditions policy={p} targetExists={services.ok ? targetsExist : undefined} />
            </li>
          );
        })}
      </ul>
    </>
  );
}
