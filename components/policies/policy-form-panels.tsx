'use client';

import { useState } from 'react';
import type { PermissionDto } from '@/lib/wire/dto';

// The policy form's side panels: what the user may not do, and deleting with a confirmation. The
// guided walkthrough uses them too. (The conflict panel is conflict-panel.tsx, loaded when shown.)

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
