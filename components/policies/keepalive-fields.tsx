'use client';

import { envoyPreview, type TcpKeepalive } from '@/lib/policy/model';

// The CRD's own field names, with what each does (kgateway's CRD descriptions, shortened).
const FIELDS = [
  { key: 'keepAliveProbes', help: 'Probes sent without an answer before the connection is dropped (1–127).', placeholder: '3' },
  { key: 'keepAliveTime', help: 'Idle time before the first probe, e.g. 30s or 1m30s (at least 1s).', placeholder: '30s' },
  { key: 'keepAliveInterval', help: 'Time between probes, e.g. 5s (at least 1s).', placeholder: '5s' },
] as const;

export type KeepaliveText = Record<(typeof FIELDS)[number]['key'], string>;

interface Props {
  value: KeepaliveText;
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (v: KeepaliveText) => void;
  onBlur: (path: string) => void;
}

export function KeepaliveFields({ value, errors, disabled, onChange, onBlur }: Props) {
  const preview = envoyPreview({
    keepAliveProbes: value.keepAliveProbes === '' ? undefined : Number(value.keepAliveProbes),
    keepAliveTime: value.keepAliveTime || undefined,
    keepAliveInterval: value.keepAliveInterval || undefined,
  } as TcpKeepalive);
  return (
    <fieldset className="fields">
      <legend>tcpKeepalive</legend>
      {FIELDS.map((f) => {
        const path = `spec.tcpKeepalive.${f.key}`;
        const p = preview.find((x) => x.field === f.key)!;
        const error = errors[path];
        return (
          <div key={f.key} className="field">
            <label htmlFor={f.key}>
              <code>{f.key}</code>
            </label>
            <input
              id={f.key}
              name={f.key}
              value={value[f.key]}
              placeholder={f.placeholder}
              disabled={disabled}
              inputMode={f.key === 'keepAliveProbes' ? 'numeric' : 'text'}
              aria-invalid={error ? true : undefined}
              aria-describedby={`${f.key}-help${error ? ` ${f.key}-error` : ''}`}
              onChange={(e) => onChange({ ...value, [f.key]: e.target.value })}
              onBlur={() => onBlur(path)}
            />
            <div id={`${f.key}-help`} className="muted small">
              {f.help}
            </div>
            {error && (
              <div id={`${f.key}-error`} role="alert" className="field-error">
                {error}
              </div>
            )}
            {!error && p.envoy !== undefined && (
              <div className="small envoy-preview" data-testid={`envoy-${f.key}`}>
                Envoy:{' '}
                <code>
                  {p.envoyField}: {p.envoy}
                </code>
                {p.warning && <span className="warning"> — {p.warning}</span>}
              </div>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
