'use client';

import type { PolicyDto } from '@/lib/wire/dto';
import { fetchPolicy, policyKeys } from '@/lib/query/policies';
import { useClusterContext, useClusterHref } from '@/components/ui/use-cluster';
import { useRead } from '@/components/ui/use-read';
import { StatusConditions, statusIsCurrent } from './status-conditions';
import { VerifyOnGateways } from './verify-on-gateways';

/** After an apply: polls the policy until kgateway reports on the generation just written. */
export function PolicyStatusFollower({ policy }: { policy: PolicyDto }) {
  const href = useClusterHref();
  const context = useClusterContext() ?? '';
  const { data } = useRead({
    key: policyKeys.one(context, policy.namespace, policy.name, policy.generation),
    read: (signal) => fetchPolicy(href, policy.namespace, policy.name, signal),
    every: (s) => (s.data && statusIsCurrent(s.data) ? false : 1000),
  });
  const current = data ?? policy;
  const done = !!data && statusIsCurrent(current);
  return (
    <section className="card" aria-labelledby="applied-title">
      <h3 id="applied-title">Applied (generation {policy.generation})</h3>
      <p className="muted small" role="status">
        {done ? 'kgateway has reported on this generation.' : 'Waiting for kgateway to report on this generation…'}
      </p>
      <StatusConditions policy={current} />
      <VerifyOnGateways namespace={policy.namespace} name={policy.name} />
    </section>
  );
}
