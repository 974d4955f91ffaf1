'use client';

import { useState } from 'react';
import { isTree } from '@/lib/policy/spec-edit';
import { labelsText, parseLabels } from '@/lib/policy/labels';

interface Selector {
  group: string;
  kind: string;
  matchLabels: Record<string, string>;
}

interface Props {
  value: unknown;
  error?: string;
  disabled: boolean;
  onChange: (v: Selector[] | undefined) => void;
}

const KINDS = [
  { group: '', kind: 'Service' },
  { group: 'gateway.kgateway.dev', kind: 'Backend' },
] as const;

/**
 * targetSelectors: each a kind and the labels it matches, typed as `app=httpbin, tier=edge`. The
 * text is kept as typed; only labels that read as key=value reach the policy, and a line that
 * does not read says why.
 */
export function TargetSelectors({ value, error, disabled, onChange }: Props) {
  const selectors: Selector[] = Array.isArray(value) ? (value.filter(isTree) as unknown as Selector[]) : [];
  const [texts, setTexts] = useState<string[]>(() => selectors.map((s) => labelsText(s.matchLabels)));
  const [problems, setProblems] = useState<(string | undefined)[]>([]);
  const write = (next: Selector[]) => onChange(next.length ? next : undefined);
  return (
    <fieldset className="fields" aria-label="spec.targetSelectors">
      <legend>
        targetSelectors{' '}
        <button
          type="button"
          className="secondary small"
          disabled={disabled}
          onClick={() => {
            setTexts([...texts, '']);
            write([...selectors, { group: '', kind: 'Service', matchLabels: {} }]);
          }}
        >
          Add label selector
        </button>
      </legend>
      <div className="muted small">Targets every Service (or Backend) of the policy&apos;s namespace whose labels match.</div>
      {selectors.map((s, i) => (
        <div key={i} className="field selector" role="group" aria-label={`Label selector ${i + 1}`}>
          <select
            aria-label="kind"
            value={s.kind}
            disabled={disabled}
            onChange={(e) => write(selectors.map((x, j) => (j === i ? { ...x, ...KINDS.find((k) => k.kind === e.target.value)! } : x)))}
          >
            {KINDS.map((k) => (
              <option key={k.kind}>{k.kind}</option>
            ))}
          </select>
          <input
            aria-label="matchLabels"
            placeholder="app=httpbin, tier=edge"
            value={texts[i] ?? ''}
            disabled={disabled}
            aria-invalid={problems[i] ? true : undefined}
            onChange={(e) => {
              setTexts(texts.map((t, j) => (j === i ? e.target.value : t)));
              const labels = parseLabels(e.target.value);
              setProblems(selectors.map((_, j) => (j === i ? ('error' in labels ? labels.error : undefined) : problems[j])));
              if (!('error' in labels))
                write(selectors.map((x, j) => (j === i ? { ...x, matchLabels: labels as Record<string, string> } : x)));
            }}
          />
          <button
            type="button"
            className="secondary small"
            disabled={disabled}
            onClick={() => {
              setTexts(texts.filter((_, j) => j !== i));
              setProblems(problems.filter((_, j) => j !== i));
              write(selectors.filter((_, j) => j !== i));
            }}
          >
            Remove
          </button>
          {problems[i] && (
            <div role="alert" className="field-error">
              {problems[i]}
            </div>
          )}
        </div>
      ))}
      {error && (
        <div id="spec-targetSelectors-error" role="alert" className="field-error">
          {error}
        </div>
      )}
    </fieldset>
  );
}
