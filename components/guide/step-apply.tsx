'use client';

import type { PermissionDto, PolicyDto } from '@/lib/wire/dto';
import type { GuideState } from '@/lib/guide/walkthrough';
import { PolicyForm } from '@/components/policies/policy-form';
import type { Go } from './guide-props';

// Step 3 on its own module: the policy form is the heaviest part of the walkthrough, and the
// walkthrough loads it (next/dynamic) only when this step is on screen.

/** The guide's values, so a new policy starts where the docs start. */
const GUIDE_KEEPALIVE = { keepAliveProbes: '3', keepAliveTime: '30s', keepAliveInterval: '5s' };

/** Step 3: the policy form, with the guide's values for a new policy. */
export function ApplyPolicy(props: {
  state: GuideState;
  go: Go;
  chosen?: PolicyDto;
  services: { name: string }[];
  backendsByNamespace: Record<string, string[]>;
  permissions: { write: PermissionDto; remove: PermissionDto };
}) {
  const { state, go, chosen } = props;
  const svc = state.service!;
  return (
    <>
      <p className="small">
        Review runs a server-side dry run and shows the diff; apply is conflict-safe.{' '}
        <button type="button" className="secondary" onClick={() => go({ step: 4 })}>
          Skip: just inspect
        </button>
      </p>
      <PolicyForm
        key={`${svc.namespace}/${chosen?.name ?? 'new'}`}
        initial={chosen}
        defaultNamespace={svc.namespace}
        defaultService={svc.name}
        defaults={GUIDE_KEEPALIVE}
        servicesByNamespace={{ [svc.namespace]: props.services.map((s) => s.name) }}
        backendsByNamespace={props.backendsByNamespace}
        permissions={props.permissions}
        onApplied={(p) => go({ policy: p.name, generation: p.generation }, 'replace')}
      />
    </>
  );
}
