'use client';

import Link from 'next/link';
import { useState } from 'react';
import { applyPolicyAction, deletePolicyAction, latestPolicy, reviewPolicy, type Review } from '@/app/policies/actions';
import type { PermissionDto, PolicyDto } from '@/lib/dto';
import type { AppError } from '@/lib/errors';
import { applyConfiguration } from '@/lib/policy/model';
import { fieldErrors, keepalivePolicySchema } from '@/lib/policy/schema';
import { kubectlApplyCommand, toYaml } from '@/lib/policy/yaml';
import { withContext } from '@/lib/links';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorBanner } from '@/components/ui/error-banner';
import { KeepaliveFields } from './keepalive-fields';
import { TargetPicker } from './target-picker';
import { ReviewPanel } from './review-panel';
import { PolicyStatusFollower } from './policy-status-follower';
import { emptyForm, formFromPolicy, toInput, untouchedSpec, type FormValue } from './form-state';

export interface PolicyFormProps {
  context?: string;
  initial?: PolicyDto;
  defaultNamespace: string;
  defaultService?: string;
  /** Service names per namespace, for the target picker. */
  servicesByNamespace: Record<string, string[]>;
  /** kgateway Backend names per namespace (empty when the kind is not installed). */
  backendsByNamespace: Record<string, string[]>;
  permissions: { write: PermissionDto; remove?: PermissionDto };
  /** Keepalive values a new policy starts with (the guided walkthrough uses the guide's). */
  defaults?: Partial<FormValue['tcpKeepalive']>;
  /** Called after an apply; without it the address bar moves to the policy's own page. */
  onApplied?: (p: PolicyDto) => void;
}

export function PolicyForm(props: PolicyFormProps) {
  const { context, permissions } = props;
  const [loaded, setLoaded] = useState<PolicyDto | undefined>(props.initial);
  const [value, setValue] = useState<FormValue>(() =>
    props.initial
      ? formFromPolicy(props.initial)
      : (({ tcpKeepalive, ...rest }) => ({ ...rest, tcpKeepalive: { ...tcpKeepalive, ...props.defaults } }))(
          emptyForm(props.defaultNamespace, props.defaultService),
        ),
  );
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppError>();
  const [review, setReview] = useState<Review>();
  const [latest, setLatest] = useState<PolicyDto>();
  const [applied, setApplied] = useState<PolicyDto>();
  const [busy, setBusy] = useState(false);
  const [deleted, setDeleted] = useState(false);

  const input = toInput(value);
  const parsed = keepalivePolicySchema.safeParse(input);
  const clientErrors = parsed.success ? {} : fieldErrors(parsed.error);
  const shown = { ...Object.fromEntries(Object.entries(clientErrors).filter(([k]) => submitted || touched.has(k))), ...serverErrors };
  const canWrite = permissions.write.allowed;
  const locked = !canWrite || busy || deleted;
  const loadedVersion = { resourceVersion: loaded?.resourceVersion };

  const update = (v: FormValue) => {
    setValue(v);
    setReview(undefined);
    setServerErrors({});
    setError(undefined);
    setApplied(undefined);
  };
  const fail = (e: AppError) => {
    setError(e);
    setServerErrors(e.fieldErrors ?? {});
  };

  async function onConflict(e: AppError) {
    fail(e);
    const l = await latestPolicy(context, value.namespace, value.name);
    if (l.ok && loaded) setLatest(l.value);
  }

  async function run<T>(call: () => Promise<{ ok: true; value: T } | { ok: false; error: AppError }>, done: (v: T) => void) {
    setBusy(true);
    try {
      const r = await call();
      if (r.ok) {
        setError(undefined);
        setServerErrors({});
        done(r.value);
      } else if (r.error.kind === 'conflict') await onConflict(r.error);
      else fail(r.error);
    } catch (e) {
      fail({
        kind: 'unavailable',
        message: `The dashboard server did not answer: ${(e as Error).message}. Your input is kept; try again.`,
      });
    } finally {
      setBusy(false);
    }
  }

  const onReview = () => {
    setSubmitted(true);
    return run(() => reviewPolicy(context, input, loadedVersion), setReview);
  };
  const onApply = (force: boolean) =>
    run(
      () =>
        applyPolicyAction(
          context,
          input,
          force ? { resourceVersion: latest?.resourceVersion ?? loaded?.resourceVersion } : loadedVersion,
          force,
        ),
      (p) => {
        setApplied(p);
        setLoaded(p);
        setReview(undefined);
        setLatest(undefined);
        if (props.onApplied) props.onApplied(p);
        else window.history.replaceState(null, '', withContext(`/policies/${p.namespace}/${p.name}`, context));
      },
    );
  const onDelete = () =>
    loaded &&
    run(
      () => deletePolicyAction(context, loaded.namespace, loaded.name, loaded.resourceVersion),
      () => setDeleted(true),
    );
  const object = applyConfiguration(parsed.data ?? (input as never));
  const rest = untouchedSpec(loaded);

  return (
    <div className="policy-form">
      {!canWrite && <PermissionNote p={permissions.write} />}
      {deleted && (
        <p role="status" className="card">
          Deleted. <Link href={withContext('/policies', context)}>Back to the policies</Link>
        </p>
      )}
      {error && <ErrorBanner error={error} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onReview();
        }}
        noValidate
      >
        <div className="field">
          <label htmlFor="policy-name">Name</label>
          <input
            id="policy-name"
            value={value.name}
            disabled={locked || !!loaded}
            aria-invalid={shown['metadata.name'] ? true : undefined}
            onChange={(e) => update({ ...value, name: e.target.value })}
            onBlur={() => setTouched(new Set(touched).add('metadata.name'))}
          />
          {shown['metadata.name'] && (
            <div role="alert" className="field-error">
              {shown['metadata.name']}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="policy-namespace">Namespace</label>
          <select
            id="policy-namespace"
            value={value.namespace}
            disabled={locked || !!loaded}
            onChange={(e) => update({ ...value, namespace: e.target.value, targetRefs: [] })}
          >
            {Object.keys(props.servicesByNamespace)
              .sort()
              .map((ns) => (
                <option key={ns}>{ns}</option>
              ))}
          </select>
        </div>
        <TargetPicker
          services={props.servicesByNamespace[value.namespace] ?? []}
          backends={props.backendsByNamespace[value.namespace] ?? []}
          value={value.targetRefs}
          disabled={locked}
          error={shown['spec.targetRefs'] ?? shown['spec.targetRefs[0].kind']}
          onChange={(targetRefs) => update({ ...value, targetRefs })}
        />
        <KeepaliveFields
          value={value.tcpKeepalive}
          errors={shown}
          disabled={locked}
          onChange={(tcpKeepalive) => update({ ...value, tcpKeepalive })}
          onBlur={(p) => setTouched(new Set(touched).add(p))}
        />
        {Object.keys(rest).length > 0 && (
          <section className="kept">
            <h3>Other settings, kept exactly as they are</h3>
            <pre data-testid="kept-fields">{toYaml(rest)}</pre>
          </section>
        )}
        <div className="actions">
          <button type="submit" disabled={locked}>
            {busy ? 'Working…' : 'Review changes (dry run)'}
          </button>
          {loaded && permissions.remove && <DeleteButton p={permissions.remove} disabled={busy || deleted} onConfirm={onDelete} />}
        </div>
      </form>
      {review && <ReviewPanel review={review} busy={busy} onApply={() => onApply(false)} />}
      {latest && loaded && (
        <ConflictPanel
          loaded={loaded}
          latest={latest}
          busy={busy}
          onReload={() => {
            setLoaded(latest);
            setLatest(undefined);
            setError(undefined);
          }}
          onTakeOver={() => onApply(true)}
        />
      )}
      {applied && <PolicyStatusFollower context={context} policy={applied} />}
      <section className="preview">
        <h3>YAML</h3>
        <pre data-testid="yaml-preview">{toYaml(object)}</pre>
        <div className="actions">
          <CopyButton text={kubectlApplyCommand(object, context)} label="Copy kubectl apply command" />
        </div>
      </section>
    </div>
  );
}

function PermissionNote({ p }: { p: PermissionDto }) {
  return (
    <p role="note" className="card card-warning" data-testid="permission-note">
      Read-only: missing permission <strong>{p.permission}</strong>. Check with <code>{p.command}</code>.
    </p>
  );
}

function DeleteButton({ p, disabled, onConfirm }: { p: PermissionDto; disabled: boolean; onConfirm: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!p.allowed)
    return (
      <button type="button" className="danger" disabled title={`Missing permission: ${p.permission}`}>
        Delete
      </button>
    );
  if (!confirming)
    return (
      <button type="button" className="danger" disabled={disabled} onClick={() => setConfirming(true)}>
        Delete…
      </button>
    );
  return (
    <span className="confirm">
      Delete this policy?{' '}
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

function ConflictPanel({
  loaded,
  latest,
  busy,
  onReload,
  onTakeOver,
}: {
  loaded: PolicyDto;
  latest: PolicyDto;
  busy: boolean;
  onReload: () => void;
  onTakeOver: () => void;
}) {
  const since = latest.managers.filter((m) => !loaded.managers.some((l) => l.manager === m.manager && l.time === m.time));
  return (
    <section className="card card-warning" aria-labelledby="conflict-title">
      <h3 id="conflict-title">Changed by someone else since you opened it</h3>
      <p>
        {since.length > 0
          ? since.map((m) => `${m.manager} (${m.operation}${m.time ? `, ${new Date(m.time).toLocaleTimeString()}` : ''})`).join(', ')
          : 'Another writer'}{' '}
        changed it. Their version:
      </p>
      <pre data-testid="their-version">{toYaml({ spec: latest.spec })}</pre>
      <p className="small">Your input is still in the form. Nothing was written.</p>
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={onReload}>
          Use their version as the base, then review again
        </button>
        <button type="button" className="danger" disabled={busy} onClick={onTakeOver}>
          Take over: apply mine anyway
        </button>
      </div>
    </section>
  );
}
