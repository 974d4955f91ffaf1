'use client';

import type { TargetRefDto } from '@/lib/dto';

const MAX_TARGETS = 16; // the CRD's maxItems

interface Props {
  services: string[];
  value: TargetRefDto[];
  error?: string;
  disabled: boolean;
  onChange: (v: TargetRefDto[]) => void;
}

/** Services of the policy's namespace; a policy may target at most 16. */
export function TargetPicker({ services, value, error, disabled, onChange }: Props) {
  const chosen = new Set(value.filter((t) => t.kind === 'Service').map((t) => t.name));
  const others = value.filter((t) => t.kind !== 'Service');
  const toggle = (name: string, on: boolean) => {
    const names = on ? [...chosen, name] : [...chosen].filter((n) => n !== name);
    onChange([...names.sort().map((n) => ({ group: '', kind: 'Service', name: n })), ...others]);
  };
  return (
    <fieldset className="fields" aria-describedby={error ? 'targets-error' : undefined}>
      <legend>targetRefs <span className="muted small">({value.length}/{MAX_TARGETS})</span></legend>
      {services.length === 0 && <p className="muted small">No Services in this namespace.</p>}
      <div className="targets">
        {services.map((name) => (
          <label key={name} className="target">
            <input
              type="checkbox"
              checked={chosen.has(name)}
              disabled={disabled || (!chosen.has(name) && value.length >= MAX_TARGETS)}
              onChange={(e) => toggle(name, e.target.checked)}
            />
            Service <code>{name}</code>
          </label>
        ))}
        {others.map((t) => <span key={`${t.kind}/${t.name}`} className="target muted">{t.kind} <code>{t.name}</code> (kept)</span>)}
      </div>
      {error && <div id="targets-error" role="alert" className="field-error">{error}</div>}
    </fieldset>
  );
}
