'use client';

import { useState } from 'react';
import type { PermissionDto, PolicyDto } from '@/lib/wire/dto';
import { useYaml } from '@/components/ui/use-lazy-module';
import { FIELD_MANAGER } from '@/lib/policy/model';
import { personOfManager } from '@/lib/auth/person';

// The policy form's side panels: what the user may not do, deleting with a confirmation, and the
// conflict after someone else wrote first. The guided walkthrough uses them too.

export function PermissionNote({ p }: { p: PermissionDto }) {
  return (
    <p role="note" className="card card-warning" data-testid="permission-note">
      Read-only: missing permission <strong>{p.permission}</strong>. Check with <code>{p.command}</code>.
    </p>
  );
}

export function DeleteButton({
  p,
  disabled,
  onConfirm,
  what = 'this policy',
}: {
  p: PermissionDto;
  disabled: boolean;
  onConfirm: () => void;
  what?: string;
}) {
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
        {what === 'this policy' ? 'Delete…' : `Delete ${what}…`}
      </button>
    );
  return (
    <span className="confirm">
      Delete {what}?{' '}
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

export function ConflictPanel({
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
  const yaml = useYaml();
  const since = latest.managers.filter((m) => !loaded.managers.some((l) => l.manager === m.manager && l.time === m.time));
  return (
    <section className="card card-warning" aria-labelledby="conflict-title">
      <h3 id="conflict-title">Changed by someone else since you opened it</h3>
      <p>
        {since.length > 0
          ? since
              .map(
                (m) =>
                  `${personOfManager(FIELD_MANAGER, m.manager) ?? m.manager} (${m.operation}${m.time ? `, ${new Date(m.time).toLocaleTimeString()}` : ''})`,
              )
              .join(', ')
          : 'Another writer'}{' '}
        changed it. Their version:
      </p>
      <pre data-testid="their-version">{yaml ? yaml.toYaml({ spec: latest.spec }) : JSON.stringify({ spec: latest.spec }, null, 2)}</pre>
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
