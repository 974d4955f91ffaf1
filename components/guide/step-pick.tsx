'use client';

import type { PolicyDto } from '@/lib/wire/dto';
import type { AppError } from '@/lib/wire/errors';
import type { GuideState } from '@/lib/guide/walkthrough';
import { ErrorBanner } from '@/components/ui/error-banner';
import type { Go } from './guide-props';

const unpicked = { port: undefined, policy: undefined, generation: undefined };

/** Step 1: the Service and port, by namespace. */
export function PickService({
  state,
  go,
  services,
}: {
  state: GuideState;
  go: Go;
  services: Record<string, { name: string; ports: number[] }[]>;
}) {
  const svc = state.service;
  const ports = svc ? (services[svc.namespace]?.find((s) => s.name === svc.name)?.ports ?? []) : [];
  return (
    <div className="toolbar">
      <label>
        Namespace{' '}
        <select
          value={svc?.namespace ?? ''}
          onChange={(e) => {
            const first = services[e.target.value]?.[0];
            go({ ...unpicked, service: first && { namespace: e.target.value, name: first.name } });
          }}
        >
          <option value="">—</option>
          {Object.keys(services)
            .sort()
            .map((ns) => (
              <option key={ns}>{ns}</option>
            ))}
        </select>
      </label>
      {svc && (
        <label>
          Service{' '}
          <select value={svc.name} onChange={(e) => go({ ...unpicked, service: { namespace: svc.namespace, name: e.target.value } })}>
            {(services[svc.namespace] ?? []).map((s) => (
              <option key={s.name}>{s.name}</option>
            ))}
          </select>
        </label>
      )}
      {svc && ports.length > 0 && (
        <label>
          Port{' '}
          <select value={state.port} onChange={(e) => go({ port: Number(e.target.value) })}>
            {ports.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

/** Step 2: one of the policies that target the Service, or a new one. */
export function PickPolicy(props: { state: GuideState; go: Go; targeting: PolicyDto[]; chosen?: PolicyDto; error?: AppError }) {
  const { state, go, targeting, chosen } = props;
  const svc = state.service;
  return (
    <>
      {!svc && <p>Pick a Service first.</p>}
      {props.error && <ErrorBanner error={props.error} />}
      {svc && targeting.length === 0 && (
        <p>
          No BackendConfigPolicy targets {svc.namespace}/{svc.name} yet: write one in the next step.
        </p>
      )}
      {targeting.length > 0 && (
        <ul className="policy-choices" aria-label="Policies that target the Service">
          {targeting.map((p) => (
            <li key={p.name}>
              <button
                type="button"
                className={p.name === chosen?.name ? undefined : 'secondary'}
                aria-pressed={p.name === chosen?.name}
                onClick={() => go({ policy: p.name, generation: p.generation })}
              >
                {p.name}
              </button>
              <span className="muted small"> generation {p.generation}</span>
            </li>
          ))}
        </ul>
      )}
      {svc && (
        <button type="button" className="secondary" onClick={() => go({ policy: undefined, generation: undefined, step: 3 })}>
          Write a new policy
        </button>
      )}
    </>
  );
}
