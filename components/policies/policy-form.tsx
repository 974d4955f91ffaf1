'use client';

import Link from 'next/link';
import { lazy, Suspense } from 'react';
import type { PermissionDto, PolicyDto } from '@/lib/wire/dto';
import { applyConfiguration } from '@/lib/policy/model';
import { toYaml } from '@/lib/present/to-yaml';
import { kubectlApplyYaml } from '@/lib/present/shell';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorBanner } from '@/components/ui/error-banner';
import { useClusterContext, useClusterHref } from '@/components/ui/use-cluster';
import type { FormValue } from './form-state';
import { MetadataFields } from './metadata-fields';
import { PolicyFields } from './policy-fields';
import { DeleteButton, PermissionNote } from './policy-form-panels';
import { usePolicyForm } from './use-policy-form';

// Shown only after a write answers (a dry run, a conflict, an apply): each loads then, not with the
// page (issue 13's first-load budget). None is ever rendered on the server.
const ReviewPanel = lazy(() => import('./review-panel').then((m) => ({ default: m.ReviewPanel })));
const ConflictPanel = lazy(() => import('./conflict-panel').then((m) => ({ default: m.ConflictPanel })));
const PolicyStatusFollower = lazy(() => import('./policy-status-follower').then((m) => ({ default: m.PolicyStatusFollower })));

export interface PolicyFormProps {
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

/** Write a BackendConfigPolicy: validated as typed, dry-run and diff, conflict-safe apply, delete. */
export function PolicyForm(props: PolicyFormProps) {
  const { permissions } = props;
  const href = useClusterHref();
  const context = useClusterContext();
  const f = usePolicyForm(props, (p) => {
    if (props.onApplied) props.onApplied(p);
    else window.history.replaceState(null, '', href(`/policies/${p.namespace}/${p.name}`));
  });
  const { value, shown, loaded, busy } = f;
  const canWrite = permissions.write.allowed;
  const locked = !canWrite || busy || f.deleted;
  const object = applyConfiguration(f.parsed?.data ?? (f.input as never));
  const yaml = toYaml(object);

  return (
    <div className="policy-form">
      {!canWrite && <PermissionNote p={permissions.write} />}
      {f.deleted && (
        <p role="status" className="card">
          Deleted. <Link href={href('/policies')}>Back to the policies</Link>
        </p>
      )}
      {f.error && <ErrorBanner error={f.error} />}
      <form
        onFocus={f.engage}
        onSubmit={(e) => {
          e.preventDefault();
          void f.reviewChanges();
        }}
        noValidate
      >
        <MetadataFields
          value={value}
          namespaces={Object.keys(props.servicesByNamespace).sort()}
          error={shown['metadata.name']}
          disabled={locked}
          fixed={!!loaded}
          onChange={f.update}
          onBlur={() => f.blur('metadata.name')}
        />
        <PolicyFields
          f={f}
          locked={locked}
          services={props.servicesByNamespace[value.namespace] ?? []}
          backends={props.backendsByNamespace[value.namespace] ?? []}
          object={object}
        />
        <div className="actions">
          <button type="submit" disabled={locked}>
            {busy ? 'Working…' : 'Review changes (dry run)'}
          </button>
          {loaded && permissions.remove && (
            <DeleteButton p={permissions.remove} disabled={busy || f.deleted} onConfirm={() => void f.remove()} />
          )}
        </div>
      </form>
      <Suspense fallback={<p className="muted small">Loading…</p>}>
        {f.review && <ReviewPanel review={f.review} busy={busy} onApply={() => void f.apply(false)} />}
        {f.latest && loaded && (
          <ConflictPanel loaded={loaded} latest={f.latest} busy={busy} onReload={f.rebase} onTakeOver={() => void f.apply(true)} />
        )}
        {f.applied && <PolicyStatusFollower policy={f.applied} />}
      </Suspense>
      <section className="preview">
        <h3>YAML</h3>
        <pre data-testid="yaml-preview">{yaml}</pre>
        <div className="actions">
          <CopyButton text={kubectlApplyYaml(yaml, context)} label="Copy kubectl apply command" />
        </div>
      </section>
    </div>
  );
}
