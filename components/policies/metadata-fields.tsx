'use client';

import type { FormValue } from './form-state';

/** Name and namespace: editable for a new policy, fixed once it exists. */
export function MetadataFields(props: {
  value: FormValue;
  namespaces: string[];
  error?: string;
  disabled: boolean;
  fixed: boolean;
  onChange: (v: FormValue) => void;
  onBlur: () => void;
}) {
  const { value, error, disabled, fixed } = props;
  return (
    <>
      <div className="field">
        <label htmlFor="policy-name">Name</label>
        <input
          id="policy-name"
          value={value.name}
          disabled={disabled || fixed}
          aria-invalid={error ? true : undefined}
          onChange={(e) => props.onChange({ ...value, name: e.target.value })}
          onBlur={props.onBlur}
        />
        {error && (
          <div role="alert" className="field-error">
            {error}
          </div>
        )}
      </div>
      <div className="field">
        <label htmlFor="policy-namespace">Namespace</label>
        <select
          id="policy-namespace"
          value={value.namespace}
          disabled={disabled || fixed}
          onChange={(e) => props.onChange({ ...value, namespace: e.target.value, targetRefs: [] })}
        >
          {props.namespaces.map((ns) => (
            <option key={ns}>{ns}</option>
          ))}
        </select>
      </div>
    </>
  );
}
