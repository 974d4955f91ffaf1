import type { PolicyDto } from '@/lib/wire/dto';
import { KGATEWAY_CONTROLLER as KGATEWAY } from '@/lib/inspect/sync';

// Only kgateway's own status entries count; other controllers may write theirs into the same list.

/** kgateway's report per target: Accepted and Attached, with reasons and messages. */
export function StatusConditions({ policy, targetExists }: { policy: PolicyDto; targetExists?: boolean }) {
  if (policy.ancestors.length === 0) {
    return (
      <p className="muted" data-testid="policy-status">
        {targetExists === false
          ? 'No status: the target does not exist, and kgateway writes nothing in that case.'
          : 'No status yet: kgateway has not reported on this policy.'}
      </p>
    );
  }
  return (
    <ul className="conditions" data-testid="policy-status">
      {policy.ancestors.map((a) => (
        <li
          key={`${a.controllerName}/${a.ref}`}
          className={a.controllerName === KGATEWAY ? undefined : 'muted'}
          data-controller={a.controllerName}
        >
          <span className="muted small">{a.ref}</span>
          {a.controllerName !== KGATEWAY && (
            <span className="small" data-testid="foreign-status">
              {' '}
              — written by {a.controllerName || 'an unnamed controller'}, not kgateway: ignored
            </span>
          )}
          {a.conditions.map((c) => (
            <div key={c.type} className={`condition ${c.status === 'True' ? 'good' : 'bad'}`}>
              <strong>{c.type}</strong>: {c.status} <span className="muted">({c.reason})</span> {c.message}
              {c.observedGeneration !== undefined && c.observedGeneration < policy.generation && (
                <span className="warning">
                  {' '}
                  — about generation {c.observedGeneration}, current is {policy.generation}
                </span>
              )}
            </div>
          ))}
        </li>
      ))}
    </ul>
  );
}

/** Whether kgateway has reported on the current generation for every target. */
export function statusIsCurrent(policy: PolicyDto): boolean {
  const own = policy.ancestors.filter((a) => a.controllerName === KGATEWAY);
  return (
    own.length > 0 &&
    own.every(
      (a) => a.conditions.some((c) => c.type === 'Accepted') && a.conditions.every((c) => (c.observedGeneration ?? 0) >= policy.generation),
    )
  );
}
