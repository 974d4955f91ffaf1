'use client';

import type { PolicyDto } from '@/lib/wire/dto';
import type { GuideState } from '@/lib/guide/walkthrough';
import { API_VERSION, KIND } from '@/lib/policy/model';
import { toYaml } from '@/lib/present/to-yaml';
import { StatusConditions } from '@/components/policies/status-conditions';
import { CopyButton } from '@/components/ui/copy-button';

/** The policy the walkthrough is about, its status and YAML, and what changed since the link. */
export function GuidePolicy({
  state,
  chosen,
  shown,
  missing,
}: {
  state: GuideState;
  chosen?: PolicyDto;
  shown: boolean;
  missing: boolean;
}) {
  const edited = chosen && state.generation && chosen.generation !== state.generation;
  return (
    <>
      {shown && chosen && (
        <div className="guide-policy">
          <h3>
            {chosen.name} <span className="muted small">generation {chosen.generation}</span>
          </h3>
          <StatusConditions policy={chosen} />
          <pre data-testid="guide-policy-yaml">{toYaml(policyObject(chosen))}</pre>
        </div>
      )}
      {missing && (
        <p role="alert" aria-label="Changed since the link" className="card card-warning" data-testid="policy-gone">
          Policy {state.policy}{' '}
          {state.generation ? `was deleted since this link was made (the link saw generation ${state.generation})` : 'does not exist'}.
        </p>
      )}
      {edited && (
        <p role="status" aria-label="Changed since the link" className="card card-warning" data-testid="policy-edited">
          Policy {chosen.name} was edited since this link was made: generation {state.generation} then, {chosen.generation} now.
        </p>
      )}
    </>
  );
}

/** The commands a user would type by hand for this step. */
export function ByHand({ commands }: { commands: string[] }) {
  return (
    <div className="guide-commands">
      <h3>By hand</h3>
      {commands.map((c) => (
        <div key={c} className="command">
          <pre>{c}</pre>
          <CopyButton text={c} label="Copy" />
        </div>
      ))}
    </div>
  );
}

export function policyObject(p: PolicyDto) {
  return { apiVersion: API_VERSION, kind: KIND, metadata: { name: p.name, namespace: p.namespace }, spec: p.spec };
}
