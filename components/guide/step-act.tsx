'use client';

import type { PermissionDto, PolicyDto, ServiceOnGatewayDto } from '@/lib/wire/dto';
import type { GuideState } from '@/lib/guide/walkthrough';
import { replicaInEffect } from '@/lib/inspect/replica-verdict';
import { DeleteButton, PermissionNote } from '@/components/policies/policy-form-panels';
import type { Go } from './guide-props';

/** Step 4: which Gateway's replicas to read. */
export function PickGateway({ state, go, gateways }: { state: GuideState; go: Go; gateways: { namespace: string; name: string }[] }) {
  return (
    <div className="toolbar">
      <label>
        Gateway{' '}
        <select
          value={state.gateway ? `${state.gateway.namespace}/${state.gateway.name}` : ''}
          onChange={(e) => {
            const [namespace, name] = e.target.value.split('/');
            go({ gateway: { namespace: namespace!, name: name! }, lines: undefined });
          }}
        >
          {gateways.map((g) => (
            <option key={`${g.namespace}/${g.name}`}>
              {g.namespace}/{g.name}
            </option>
          ))}
        </select>
      </label>
      <span className="muted small">
        The dashboard does the port-forward through the API server to every replica, and reads only what it shows.
      </span>
    </div>
  );
}

/** Step 5: the verdict over every replica. */
export function Verdict({ view }: { view?: ServiceOnGatewayDto }) {
  const all = !!view && view.replicas.every(replicaInEffect);
  return (
    <p data-testid="guide-verdict" className={all ? 'good' : undefined}>
      {!view
        ? 'Fetching…'
        : all
          ? `In effect on every replica (${view.replicas.length}).`
          : `Not in effect everywhere: ${view.replicas.filter(replicaInEffect).length} of ${view.replicas.length} replicas.`}{' '}
      <span className="muted small">The lit lines are the ones the policy produces; click a line number to mark lines for the team.</span>
    </p>
  );
}

/** Step 6: delete the policy, exactly the version on screen. */
export function CleanUp(props: {
  state: GuideState;
  chosen?: PolicyDto;
  deletedName?: string;
  remove?: PermissionDto;
  onDelete: () => void;
}) {
  const { state, chosen, remove } = props;
  if (props.deletedName) {
    return (
      <p role="status" data-testid="cleanup-done">
        Deleted {props.deletedName}. The cluster view below follows the change until every replica drops it.
      </p>
    );
  }
  if (!chosen) return <p>No policy to clean up{state.policy ? `: ${state.policy} does not exist any more` : ''}.</p>;
  if (remove && !remove.allowed) return <PermissionNote p={remove} />;
  return remove ? <DeleteButton p={remove} disabled={false} onConfirm={props.onDelete} what={chosen.name} /> : null;
}
