'use client';

import { useState } from 'react';
import { MAX_YAML_BYTES, specFromYaml } from '@/lib/policy/yaml';
import { toYaml } from '@/lib/present/to-yaml';

interface Props {
  /** The object the form would apply, as the preview shows it. */
  object: unknown;
  at: { name: string; namespace: string };
  /** What the form's checks find in the object, by field: shown here, since the fields are not. */
  problems: Record<string, string>;
  disabled: boolean;
  onSpec: (spec: Record<string, unknown>) => void;
}

/**
 * The same object as YAML, editable, for anything the form cannot express (lists of hash
 * policies, label selectors). Each change that parses goes into the form at once; one that does not
 * is kept as typed, with the parser's message, and changes nothing. Leaving the editor shows the
 * form's object again, written out. This module, and the yaml library with it, loads when the tab
 * is opened (policy-fields.tsx).
 */
export function YamlEditor({ object, at, problems, disabled, onSpec }: Props) {
  const listed = Object.entries(problems);
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const text = draft ?? toYaml(object);
  return (
    <div className="field yaml-editor">
      <label htmlFor="policy-yaml">Edit as YAML</label>
      <textarea
        id="policy-yaml"
        value={text}
        rows={Math.min(30, text.split('\n').length + 1)}
        spellCheck={false}
        maxLength={MAX_YAML_BYTES}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'policy-yaml-error' : 'policy-yaml-help'}
        onChange={(e) => {
          setDraft(e.target.value);
          const r = specFromYaml(e.target.value, at);
          setError('error' in r ? r.error : undefined);
          if ('spec' in r) onSpec(r.spec);
        }}
        onBlur={() => !error && setDraft(undefined)}
      />
      {error ? (
        <div id="policy-yaml-error" role="alert" className="field-error">
          {error} The form keeps its last good values.
        </div>
      ) : (
        <div id="policy-yaml-help" className="muted small">
          Changes go into the form as you type; the form&apos;s checks apply to them.
        </div>
      )}
      {!error && listed.length > 0 && (
        <ul className="field-error" aria-label="Problems in this YAML" data-testid="yaml-problems">
          {listed.map(([field, message]) => (
            <li key={field}>
              <code>{field}</code>: {message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
