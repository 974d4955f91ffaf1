'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { deletePolicyAction } from '@/app/policies/actions';
import { publishWalkthrough } from '@/app/guide/actions';
import type { PermissionDto, PolicyDto, ServiceOnGatewayDto } from '@/lib/dto';
import type { AppError } from '@/lib/errors';
import { GUIDE_STEPS, guideQuery, stepCommands, type GuideState } from '@/lib/guide';
import { WALKTHROUGH_EVENT } from '@/lib/live';
import { API_VERSION, KIND } from '@/lib/policy/model';
import { toYaml } from '@/lib/policy/yaml';
import { replicaInEffect } from '@/lib/replica-verdict';
import { GatewayInspector } from '@/components/gateways/gateway-inspector';
import { PolicyForm } from '@/components/policies/policy-form';
import { StatusConditions } from '@/components/policies/status-conditions';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorBanner } from '@/components/ui/error-banner';
import { SnapshotButtons } from './snapshot-buttons';

interface Props {
  state: GuideState;
  /** The kubeconfig context the page reads, by name (the default one included). */
  contextName?: string;
  session?: string;
  /** The presenter's secret: only the page that holds it moves the followers. */
  sessionKey?: string;
  follow?: string;
  services: Record<string, { name: string; ports: number[] }[]>;
  gateways: { namespace: string; name: string; pods: string[] }[];
  targeting: PolicyDto[];
  chosen?: PolicyDto;
  policyMissing: boolean;
  policiesError?: AppError;
  backendsByNamespace: Record<string, string[]>;
  permissions?: { write: PermissionDto; remove: PermissionDto };
}

/** The guide's values, so a new policy starts where the docs start. */
const GUIDE_KEEPALIVE = { keepAliveProbes: '3', keepAliveTime: '30s', keepAliveInterval: '5s' };

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function GuideWalkthrough(props: Props) {
  const { state, chosen, permissions } = props;
  const router = useRouter();
  // The inspector's answer, tagged with what it answered for: a view of another Service or
  // Gateway (before the inspector remounts) is never shown or saved as this one.
  const [answer, setAnswer] = useState<{ key: string; view: ServiceOnGatewayDto }>();
  const [deleted, setDeleted] = useState<{ name: string; resourceVersion: string }>();
  const [error, setError] = useState<AppError>();
  const extra = useCallback(
    (q: string) => {
      const p = new URLSearchParams(q);
      if (props.session) p.set('session', props.session);
      if (props.sessionKey) p.set('key', props.sessionKey);
      if (props.follow) p.set('follow', props.follow);
      return p.toString();
    },
    [props.session, props.sessionKey, props.follow],
  );
  const go = useCallback(
    (next: Partial<GuideState>) => router.push(`/guide?${extra(guideQuery({ ...state, ...next }))}`, { scroll: false }),
    [router, state, extra],
  );
  const step = state.step;
  const last = GUIDE_STEPS.length;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      if ((e.key === 'ArrowRight' || e.key === 'PageDown') && step < last) {
        e.preventDefault();
        go({ step: step + 1 });
      }
      if ((e.key === 'ArrowLeft' || e.key === 'PageUp') && step > 1) {
        e.preventDefault();
        go({ step: step - 1 });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, step, last]);

  // The presenter publishes where it stands; a follower goes wherever the presenter goes.
  const query = guideQuery(state);
  useEffect(() => {
    if (props.session && props.sessionKey && !props.follow) {
      void publishWalkthrough(props.session, props.sessionKey, query).then((r) => {
        if (!r.ok) setError(r.error);
      });
    }
  }, [props.session, props.sessionKey, props.follow, query]);
  useEffect(() => {
    if (!props.follow) return;
    const onMove = (ev: Event) => {
      const q = (ev as CustomEvent<string>).detail;
      if (q !== query) router.replace(`/guide?${extra(q)}`, { scroll: false });
    };
    window.addEventListener(WALKTHROUGH_EVENT, onMove);
    return () => window.removeEventListener(WALKTHROUGH_EVENT, onMove);
  }, [props.follow, query, router, extra]);

  const svc = state.service;
  const inspectorKey = `${state.context ?? ''}/${state.gateway?.namespace}/${state.gateway?.name}/${svc?.namespace}/${svc?.name}:${state.port}`;
  const view = answer?.key === inspectorKey ? answer.view : undefined;
  const onView = useCallback((v: ServiceOnGatewayDto) => setAnswer({ key: inspectorKey, view: v }), [inspectorKey]);
  const marked = useMemo(() => (state.lines ? markedOf(state.lines) : undefined), [state.lines]);
  // Deleted here, and still the policy on screen (or gone): a new policy of the same name is not.
  const deletedHere = !!deleted && deleted.name === state.policy && (!chosen || chosen.resourceVersion === deleted.resourceVersion);
  const ports = svc ? (props.services[svc.namespace]?.find((s) => s.name === svc.name)?.ports ?? []) : [];
  const policyObject = chosen && {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name: chosen.name, namespace: chosen.namespace },
    spec: chosen.spec,
  };
  const edited = chosen && state.generation && chosen.generation !== state.generation;
  const followerLink =
    props.session && typeof window !== 'undefined' ? `${window.location.origin}/guide?follow=${props.session}` : undefined;

  const startLive = () => {
    const p = new URLSearchParams(guideQuery(state));
    p.set('session', crypto.randomUUID());
    p.set('key', crypto.randomUUID());
    router.replace(`/guide?${p.toString()}`, { scroll: false });
  };
  const onDelete = async () => {
    if (!chosen) return;
    const r = await deletePolicyAction(state.context, chosen.namespace, chosen.name, chosen.resourceVersion);
    if (r.ok) {
      setDeleted({ name: chosen.name, resourceVersion: chosen.resourceVersion });
      setError(undefined);
    } else setError(r.error);
  };

  return (
    <div className={state.present ? 'guide presenter' : 'guide'}>
      <div className="title-row">
        <h1>
          Guided walkthrough: TCP keepalive
          {svc && (
            <>
              {' '}
              for {svc.namespace}/{svc.name}
            </>
          )}
        </h1>
        <div className="toolbar">
          <button
            type="button"
            className="secondary"
            aria-pressed={!!state.present}
            onClick={() => go({ present: !state.present || undefined })}
          >
            {state.present ? 'Leave presenter layout' : 'Presenter layout'}
          </button>
          {!props.session && !props.follow && (
            <button type="button" className="secondary" onClick={startLive}>
              Present live
            </button>
          )}
          <CopyButton text={() => window.location.href} label="Copy link to this view" />
        </div>
      </div>
      {props.follow && (
        <p role="status" className="card card-warning" data-testid="following">
          Following a live walkthrough: this page moves with the presenter. <Link href={`/guide?${guideQuery(state)}`}>Stop following</Link>
        </p>
      )}
      {followerLink && !props.follow && (
        <p className="card small" data-testid="presenting">
          Presenting live. Followers open{' '}
          <a href={followerLink} data-testid="follower-link">
            {followerLink}
          </a>{' '}
          <CopyButton text={followerLink} label="Copy follower link" />
        </p>
      )}
      <nav aria-label="Steps" className="guide-steps">
        <ol>
          {GUIDE_STEPS.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                aria-current={i + 1 === step ? 'step' : undefined}
                className={i + 1 === step ? undefined : 'secondary'}
                onClick={() => go({ step: i + 1 })}
              >
                {i + 1}. {s.title}
              </button>
            </li>
          ))}
        </ol>
        <p className="muted small">Keys: ← and → move between steps.</p>
      </nav>

      <section className="card guide-step" aria-labelledby="step-title">
        <h2 id="step-title">
          Step {step} of {last}: {GUIDE_STEPS[step - 1]!.title}
        </h2>
        {error && <ErrorBanner error={error} />}
        {step === 1 && (
          <div className="toolbar">
            <label>
              Namespace{' '}
              <select
                value={svc?.namespace ?? ''}
                onChange={(e) =>
                  go({
                    service: undefined,
                    port: undefined,
                    policy: undefined,
                    generation: undefined,
                    ...(e.target.value && { service: { namespace: e.target.value, name: props.services[e.target.value]![0]!.name } }),
                  })
                }
              >
                <option value="">—</option>
                {Object.keys(props.services)
                  .sort()
                  .map((ns) => (
                    <option key={ns}>{ns}</option>
                  ))}
              </select>
            </label>
            {svc && (
              <label>
                Service{' '}
                <select
                  value={svc.name}
                  onChange={(e) =>
                    go({
                      service: { namespace: svc.namespace, name: e.target.value },
                      port: undefined,
                      policy: undefined,
                      generation: undefined,
                    })
                  }
                >
                  {(props.services[svc.namespace] ?? []).map((s) => (
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
        )}
        {step === 2 && (
          <>
            {!svc && <p>Pick a Service first.</p>}
            {props.policiesError && <ErrorBanner error={props.policiesError} />}
            {svc && props.targeting.length === 0 && (
              <p>
                No BackendConfigPolicy targets {svc.namespace}/{svc.name} yet: write one in the next step.
              </p>
            )}
            {props.targeting.length > 0 && (
              <ul className="policy-choices" aria-label="Policies that target the Service">
                {props.targeting.map((p) => (
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
        )}
        {step === 3 && svc && permissions && (
          <>
            <p className="small">
              Review runs a server-side dry run and shows the diff; apply is conflict-safe.{' '}
              <button type="button" className="secondary" onClick={() => go({ step: 4 })}>
                Skip: just inspect
              </button>
            </p>
            <PolicyForm
              key={`${svc.namespace}/${chosen?.name ?? 'new'}`}
              context={state.context}
              initial={chosen}
              defaultNamespace={svc.namespace}
              defaultService={svc.name}
              defaults={GUIDE_KEEPALIVE}
              servicesByNamespace={{ [svc.namespace]: (props.services[svc.namespace] ?? []).map((s) => s.name) }}
              backendsByNamespace={props.backendsByNamespace}
              permissions={permissions}
              onApplied={(p) =>
                router.replace(`/guide?${extra(guideQuery({ ...state, policy: p.name, generation: p.generation }))}`, { scroll: false })
              }
            />
          </>
        )}
        {step === 4 && (
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
                {props.gateways.map((g) => (
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
        )}
        {step === 5 && (
          <p data-testid="guide-verdict" className={view && view.replicas.every(replicaInEffect) ? 'good' : undefined}>
            {!view
              ? 'Fetching…'
              : view.replicas.every(replicaInEffect)
                ? `In effect on every replica (${view.replicas.length}).`
                : `Not in effect everywhere: ${view.replicas.filter(replicaInEffect).length} of ${view.replicas.length} replicas.`}{' '}
            <span className="muted small">
              The lit lines are the ones the policy produces; click a line number to mark lines for the team.
            </span>
          </p>
        )}
        {step === 6 && (
          <>
            {deletedHere ? (
              <p role="status" data-testid="cleanup-done">
                Deleted {deleted!.name}. The cluster view below follows the change until every replica drops it.
              </p>
            ) : !chosen ? (
              <p>No policy to clean up{state.policy ? `: ${state.policy} does not exist any more` : ''}.</p>
            ) : permissions && !permissions.remove.allowed ? (
              <p role="note" className="card card-warning">
                Read-only: missing permission <strong>{permissions.remove.permission}</strong>. Check with{' '}
                <code>{permissions.remove.command}</code>.
              </p>
            ) : (
              <DeleteConfirm name={chosen.name} onConfirm={() => void onDelete()} />
            )}
          </>
        )}

        {(step === 2 || step === 3 || step === 6) && chosen && policyObject && !deletedHere && (
          <div className="guide-policy">
            <h3>
              {chosen.name} <span className="muted small">generation {chosen.generation}</span>
            </h3>
            <StatusConditions policy={chosen} />
            <pre data-testid="guide-policy-yaml">{toYaml(policyObject)}</pre>
          </div>
        )}
        {props.policyMissing && (
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

        <div className="guide-commands">
          <h3>By hand</h3>
          {stepCommands(state, policyObject).map((c) => (
            <div key={c} className="command">
              <pre>{c}</pre>
              <CopyButton text={c} label="Copy" />
            </div>
          ))}
        </div>
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
          <button type="button" disabled={step === last} onClick={() => go({ step: step + 1 })} aria-keyshortcuts="ArrowRight">
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
            context={state.context}
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

function DeleteConfirm({ name, onConfirm }: { name: string; onConfirm: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming)
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        Delete {name}…
      </button>
    );
  return (
    <span className="confirm">
      Delete {name}?{' '}
      <button
        type="button"
        className="danger"
        onClick={() => {
          setConfirming(false);
          onConfirm();
        }}
      >
        Confirm delete
      </button>{' '}
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  );
}
