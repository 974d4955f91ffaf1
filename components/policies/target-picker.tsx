'use client';

import type { TargetRefDto } from '@/lib/wire/dto';

const MAX_TARGETS = 16; // the CRD's maxItems

interface Props {
  services: string[];
  /** kgateway Backends of the namespace, when that kind is installed. */
  backends: string[];
  value: TargetRefDto[];
  error?: string;
  disabled: boolean;
  onChange: (v: TargetRefDto[]) => void;
}

/** Services of the policy's namespace; a policy may target at most 16. */
export function TargetPicker({ services, backends, value, error, disabled, onChange }: Props) {
  const key = (t: { kind: string; name: string }) => `${t.kind}/${t.name}`;
  const chosen = new Set(value.map(key));
  const offered = [
    ...services.map((name) => ({ group: '', kind: 'Service', name })),
    ...backends.map((name) => ({ group: 'gateway.kgateway.dev', kind: 'Backend', name })),
  ];
  const others = value.filter((t) => !offered.some((o) => key(o) === key(t)));
  const toggle = (t: TargetRefDto, on: boolean) => {
    const kept = value.filter((v) => key(v) !== key(t));
    onChange(on ? [...kept, t] : kept);
  };
  return (
    <fieldset className="fields" aria-describedby={error ? 'targets-error' : undefined}>
      <legend>
        targetRefs{' '}
        <span className="muted small">
          ({value.length}/{MAX_TARGETS})
        </span>
      </legend>
      {offered.length === 0 && <p className="muted small">No Services or Backends in this namespace.</p>}
      <div className="targets">
        {offered.map((t) => (
          <label key={key(t)} className="target">
            <input
              type="checkbox"
              checked={chosen.has(key(t))}
              disabled={disabled || (!chosen.has(key(t)) && value.length >= MAX_TARGETS)}
              onChange={(e) => toggle(t, e.target.checked)}
            />
            {t.kind} <code>{t.name}</code>
          </label>
        ))}
        {others.map((t) => (
          <span key={key(t)} className="target muted">
            {t.kind} <code>{t.name}</code> (not found here; kept)
          </span>
        ))}
      </div>
      {error && (
        <div id="targets-error" role="alert" className="field-error">
          {error}
        </div>
      )}
    </fieldset>
  );
}
