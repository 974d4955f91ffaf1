'use client';

import { lazy, Suspense, useState } from 'react';
import { fieldsNotInVersion, sectionsOfSpec, setAt } from '@/lib/policy/spec-edit';
import { toYaml } from '@/lib/present/to-yaml';
import { formWithSpec } from './form-state';
import { KeepaliveFields } from './keepalive-fields';
import { SpecSections } from './spec-sections';
import { TargetPicker } from './target-picker';
import type { PolicyFormState } from './use-policy-form';

// The YAML tab loads when it is opened.
const YamlEditor = lazy(() => import('./yaml-editor').then((m) => ({ default: m.YamlEditor })));

interface Props {
  f: PolicyFormState;
  locked: boolean;
  services: string[];
  backends: string[];
  /** The object the form would apply. */
  object: unknown;
}

/** Targets, keepalive and every other section of the CRD; or the same object as YAML. */
export function PolicyFields({ f, locked, services, backends, object }: Props) {
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const { value, shown, loaded } = f;
  const missing = f.model ? fieldsNotInVersion(f.input.spec, f.model) : [];
  const rest = loaded ? sectionsOfSpec(loaded.spec) : {};
  const tabButton = (t: typeof tab, label: string) => (
    <button type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)}>
      {label}
    </button>
  );
  return (
    <>
      <div role="tablist" aria-label="Edit the policy" className="tabs">
        {tabButton('form', 'Form')}
        {tabButton('yaml', 'YAML')}
      </div>
      {missing.length > 0 && (
        <p role="alert" className="card card-warning" data-testid="not-in-version">
          This policy sets {missing.map((m) => m.replace(/^spec\./, '')).join(', ')}, which {f.schema?.why} does not have: the API server
          will refuse it until {missing.length > 1 ? 'they are' : 'it is'} removed (in the YAML tab).
        </p>
      )}
      {tab === 'yaml' ? (
        <Suspense
          fallback={
            <p role="status" className="muted small">
              Loading the YAML editor…
            </p>
          }
        >
          <YamlEditor
            object={object}
            at={value}
            problems={f.problems}
            disabled={locked}
            onSpec={(spec) => f.update(formWithSpec(value, spec))}
          />
        </Suspense>
      ) : (
        <>
          <TargetPicker
            services={services}
            backends={backends}
            value={value.targetRefs}
            disabled={locked}
            error={shown['spec.targetRefs'] ?? shown['spec.targetRefs[0].kind']}
            onChange={(targetRefs) => f.update({ ...value, targetRefs })}
          />
          <KeepaliveFields
            value={value.tcpKeepalive}
            errors={shown}
            disabled={locked}
            onChange={(tcpKeepalive) => f.update({ ...value, tcpKeepalive })}
            onBlur={f.blur}
          />
          {f.model ? (
            <SpecSections
              model={f.model}
              namespace={value.namespace}
              tree={value.sections}
              errors={shown}
              disabled={locked}
              onSet={(path, v) => f.update({ ...value, sections: setAt(value.sections, path, v) })}
              onBlur={f.blur}
            />
          ) : (
            Object.keys(rest).length > 0 && (
              <section className="kept">
                <h3>Other settings, kept exactly as they are</h3>
                <pre data-testid="kept-fields">{toYaml(rest)}</pre>
              </section>
            )
          )}
        </>
      )}
      {f.schema && (
        <p className="muted small" data-testid="judged-by" title={`CRD text: ${f.schema.crd}`}>
          Checked as the API server checks it, by {f.schema.why}.
        </p>
      )}
    </>
  );
}
