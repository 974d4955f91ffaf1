'use client';

import type { PolicyDto } from '@/lib/wire/dto';
import { toYaml } from '@/lib/present/to-yaml';
import { FIELD_MANAGER } from '@/lib/policy/model';
import { personOfManager } from '@/lib/auth/person';

/** After someone else wrote first: who, what they wrote, and the two ways on. Loaded when shown. */
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
