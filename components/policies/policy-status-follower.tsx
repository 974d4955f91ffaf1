'use client';

import { useQuery } from '@tanstack/react-query';
import type { PolicyDto } from '@/lib/dto';
import type { Result } from '@/lib/errors';
import { withContext } from '@/lib/links';
import { policyKeys } from '@/lib/query/policies';
import { StatusConditions, statusIsCurrent } from './status-conditions';
import { VerifyOnGateways } from './verify-on-gateways';

/** After an apply: polls the policy until kgateway reports on the generation just written. */
export function PolicyStatusFollower({ context, policy }: { context?: string; policy: PolicyDto }) {
  const { data } = useQuery({
    queryKey: policyKeys.one(context, policy.namespace, policy.name, policy.generation),
    queryFn: async (): Promise<Result<PolicyDto>> => {
      const res = await fetch(withContext(`/api/policies/${policy.namespace}/${policy.name}`, context), { cache: 'no-store' });
      return (await res.json()) as Result<PolicyDto>;
    },
    refetchInterval: (q) => (q.state.data?.ok && statusIsCurrent(q.state.data.value) ? false : 1000),
  });
  const current = data?.ok ? data.value : policy;
  const done = data?.ok && statusIsCurrent(current);
  return (
    <section className="card" aria-labelledby="applied-title">
      <h3 id="applied-title">Applied (generation {policy.generation})</h3>
      <p className="muted small" role="status">
        {done ? 'kgateway has reported on this generation.' : 'Waiting for kgateway to report on this generation…'}
      </p>
      <StatusConditions policy={current} />
      <VerifyOnGateways context={context} namespace={policy.namespace} name={policy.name} />
    </section>
  );
}
