'use client';

import dynamic from 'next/dynamic';
import { useCallback, useMemo, useState } from 'react';
import { deletePolicyAction } from '@/app/c/[context]/policies/actions';
import type { ServiceOnGatewayDto } from '@/lib/wire/dto';
import { GUIDE_STEPS, stepCommands } from '@/lib/guide/walkthrough';
import { ErrorBanner } from '@/components/ui/error-banner';
import { toYaml } from '@/lib/present/to-yaml';
import { GuideHeader } from './guide-header';
import { ByHand, GuidePolicy, policyObject } from './guide-policy';
import type { GuideProps } from './guide-props';
import { CleanUp, PickGateway, Verdict } from './step-act';
import { PickPolicy, PickService } from './step-pick';
import { useGuide } from './use-guide';

// The policy form (step 3) and the replicas' reading (steps 4 to 6) load when their step is on
// screen: a walkthrough opened at step 1 does not fetch them (issue 13's first-load budget). A link
// to a later step renders them on the server and loads them at once, as before.
const loading = (what: string) =>
  function Loading() {
    return (
      <p role="status" className="muted">
        Loading {what}…
      </p>
    );
  };
const ApplyPolicy = dynamic(() => import('./step-apply').then((m) => m.ApplyPolicy), { loading: loading('the policy form') });
// Steps 3 to 6 load their parts with the step: the walkthrough's first step needs none of them.
const GatewayInspector = dynamic(() => import('@/components/gateways/gateway-inspector').then((m) => m.GatewayInspector), {
  loading: loading("the replicas' reading"),
});
const SnapshotButtons = dynamic(() => import('./snapshot-buttons').then((m) => m.SnapshotButtons));

/** kgateway's keepalive guide, step by step, on this cluster; everything on screen is in the URL. */
export function GuideWalkthrough(props: GuideProps) {
  const { state, chosen, permissions } = props;
  const { go, startLive, error, setError, plainLink } = useGuide(props);
  // The inspector's answer, tagged with what it answered for: a view of another Service or
  // Gateway (before the inspector remounts) is never shown or saved as this one.
  const [answer, setAnswer] = useState<{ key: string; view: ServiceOnGatewayDto }>();
  const [deleted, setDeleted] = useState<{ name: string; resourceVersion: string }>();
  const step = state.step;
  const svc = state.service;
  const inspectorKey = `${state.gateway?.namespace}/${state.gateway?.name}/${svc?.namespace}/${svc?.name}:${state.port}`;
  const view = answer?.key === inspectorKey ? answer.view : undefined;
  const onView = useCallback((v: ServiceOnGatewayDto) => setAnswer({ key: inspectorKey, view: v }), [inspectorKey]);
  const marked = useMemo(() => (state.lines ? markedOf(state.lines) : undefined), [state.lines]);
  // Deleted here, and still the policy on screen (or gone): a new policy of the same name is not.
  const deletedHere = !!deleted && deleted.name === state.policy && (!chosen || chosen.resourceVersion === deleted.resourceVersion);

  const onDelete = async () => {
    if (!chosen) return;
    const r = await deletePolicyAction({ namespace: chosen.namespace, name: chosen.name, resourceVersion: chosen.resourceVersion });
    if (r.ok) setDeleted({ name: chosen.name, resourceVersion: chosen.resourceVersion });
    setError(r.ok ? undefined : r.error);
  };

  return (
    <div className={state.present ? 'guide presenter' : 'guide'}>
      <GuideHeader state={state} go={go} session={props.session} follow={props.follow} startLive={startLive} plainLink={plainLink} />
      <section className="card guide-step" aria-labelledby="step-title">
        <h2 id="step-title">
          Step {step} of {GUIDE_STEPS.length}: {GUIDE_STEPS[step - 1]!.title}
        </h2>
        {error && <ErrorBanner error={error} />}
        {step === 1 && <PickService state={state} go={go} services={props.services} />}
        {step === 2 && <PickPolicy state={state} go={go} targeting={props.targeting} chosen={chosen} error={props.policiesError} />}
        {step === 3 && svc && permissions && (
          <ApplyPolicy
            state={state}
            go={go}
            chosen={chosen}
            services={props.services[svc.namespace] ?? []}
            backendsByNamespace={props.backendsByNamespace}
            permissions={permissions}
          />
        )}
        {step === 4 && <PickGateway state={state} go={go} gateways={props.gateways} />}
        {step === 5 && <Verdict view={view} />}
        {step === 6 && (
          <CleanUp
            state={state}
            chosen={chosen}
            deletedName={deletedHere ? deleted!.name : undefined}
            remove={permissions?.remove}
            onDelete={() => void onDelete()}
          />
        )}
        <GuidePolicy
          state={state}
          chosen={chosen}
          shown={(step === 2 || step === 3 || step === 6) && !deletedHere}
          missing={props.policyMissing}
        />
        <ByHand commands={stepCommands(state, chosen ? toYaml(policyObject(chosen)) : undefined, props.kubectlContext)} />
        <div className="actions">
          <button
            type="button"
            className="secondary"
            disabled={step === 1}
            onClick={() => go({ step: step - 1 })}
            aria-keyshortcuts="ArrowLeft"
          >
            ← Previous
          </button>
          <button
            type="button"
            disabled={step === GUIDE_STEPS.length}
            onClick={() => go({ step: step + 1 })}
            aria-keyshortcuts="ArrowRight"
          >
            Next →
          </button>
        </div>
      </section>

      {step >= 4 && svc && state.port && state.gateway && (
        <>
          {view && (
            <SnapshotButtons
              state={state}
              contextName={props.contextName}
              view={view}
              policies={[...(chosen ? [chosen] : []), ...props.targeting.filter((p) => p.name !== chosen?.name)]}
            />
          )}
          <GatewayInspector
            key={inspectorKey}
            gateway={state.gateway}
            service={{ ...svc, port: state.port }}
            onView={onView}
            marked={marked}
          />
        </>
      )}
      {step >= 4 && !state.gateway && <p className="card">No Gateway found in this cluster.</p>}
    </div>
  );
}

function markedOf(lines: string): Record<string, [number, number]> {
  const [pod, range] = lines.split(':') as [string, string];
  const [a, b] = range.split('-').map(Number) as [number, number];
  return { [pod]: [a, b] };
}
