'use client';

import { lazy } from 'react';
import type { FieldNode } from '@/lib/policy/crd-model';
import { isTree, type Tree } from '@/lib/policy/spec-edit';
import { getAt, hasInput, leafText } from '@/lib/policy/field-edit';
import { toYaml } from '@/lib/present/to-yaml';

// One field of a policy's spec, drawn from the CRD's field model: an input for a value, a select
// for an enum or a true/false, a comma-separated list for a list of values, a group for an object
// (added and removed as a whole), and the YAML for what a form cannot hold (lists of objects, maps).

// Only the "Targets by label" group shows it: it loads when that group is open (the group's
// Suspense in spec-sections.tsx shows the wait).
const TargetSelectors = lazy(() => import('./target-selectors').then((m) => ({ default: m.TargetSelectors })));

export interface FieldProps {
  node: FieldNode;
  /** Path below `spec`: ['healthCheck', 'http', 'path']. */
  path: readonly string[];
  tree: Tree;
  errors: Record<string, string>;
  disabled: boolean;
  onSet: (path: readonly string[], value: unknown) => void;
  onBlur: (field: string) => void;
  /** Values to offer for a field (Secret names for tls.secretRef.name), or why there are none. */
  suggestions?: (path: readonly string[]) => { values?: readonly string[]; note?: string } | undefined;
}

const idOf = (path: readonly string[]) => `spec-${path.join('-')}`;
const fieldOf = (path: readonly string[]) => `spec.${path.join('.')}`;

/** The first error at this field or inside it (list items: `spec.tls.alpnProtocols[0]`). */
function errorAt(errors: Record<string, string>, field: string, deep: boolean): string | undefined {
  if (errors[field]) return errors[field];
  if (!deep) return undefined;
  const k = Object.keys(errors).find((e) => e.startsWith(`${field}[`));
  return k && errors[k];
}

export function SpecField(props: FieldProps) {
  const { node } = props;
  if (props.path.length === 1 && props.path[0] === 'targetSelectors')
    return (
      <TargetSelectors
        value={getAt(props.tree, props.path)}
        error={errorAt(props.errors, 'spec.targetSelectors', true)}
        disabled={props.disabled}
        onChange={(v) => props.onSet(props.path, v)}
      />
    );
  if (node.type === 'object' && !node.additionalProperties) return <ObjectField {...props} />;
  if (!hasInput(node)) return <YamlOnly {...props} />;
  return <LeafField {...props} />;
}

function LeafField({ node, path, tree, errors, disabled, onSet, onBlur, suggestions }: FieldProps) {
  const suggested = suggestions?.(path);
  const offered = suggested?.values;
  const envoy = node.envoyPath;
  const id = idOf(path);
  const field = fieldOf(path);
  const error = errorAt(errors, field, node.type === 'array');
  const value = getAt(tree, path);
  const text = leafText(value);
  const options = node.enum?.map(String) ?? (node.type === 'boolean' ? ['true', 'false'] : undefined);
  const common = {
    id,
    name: field,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': `${id}-help${error ? ` ${id}-error` : ''}`,
    onBlur: () => onBlur(field),
  };
  return (
    <div className="field">
      <label htmlFor={id}>
        <code>{path.at(-1)}</code>
        {node.type === 'array' && <span className="muted small"> (comma-separated)</span>}
      </label>
      {options ? (
        <select {...common} value={text} onChange={(e) => onSet(path, e.target.value || undefined)}>
          <option value="">(not set)</option>
          {options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          value={text}
          list={offered ? `${id}-options` : undefined}
          inputMode={node.type === 'integer' ? 'numeric' : undefined}
          onChange={(e) => onSet(path, e.target.value)}
        />
      )}
      {suggested?.note && (
        <div className="muted small" data-testid={`${id}-note`}>
          {suggested.note}
        </div>
      )}
      {offered && (
        <datalist id={`${id}-options`} data-testid={`${id}-options`}>
          {offered.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
      )}
      <div id={`${id}-help`} className="muted small" title={node.description}>
        {node.help ?? node.type}
        {envoy && (
          <>
            {' '}
            Envoy: <code>{envoy}</code>
          </>
        )}
      </div>
      <FieldError error={error} id={`${id}-error`} />
    </div>
  );
}

function ObjectField(props: FieldProps) {
  const { node, path, tree, errors, disabled, onSet } = props;
  const value = getAt(tree, path);
  const present = isTree(value);
  const name = path.at(-1)!;
  const error = errors[fieldOf(path)];
  return (
    <fieldset className="fields" aria-label={fieldOf(path)}>
      <legend>
        {name}{' '}
        <button type="button" className="secondary small" disabled={disabled} onClick={() => onSet(path, present ? undefined : {})}>
          {present ? `Remove ${name}` : `Set ${name}`}
        </button>
      </legend>
      <div className="muted small" title={node.description}>
        {node.help}
      </div>
      <FieldError error={error} id={`${idOf(path)}-error`} />
      {present &&
        Object.entries(node.properties ?? {}).map(([k, child]) => <SpecField key={k} {...props} node={child} path={[...path, k]} />)}
    </fieldset>
  );
}

function YamlOnly({ node, path, tree, errors }: FieldProps) {
  const value = getAt(tree, path);
  const error = errorAt(errors, fieldOf(path), true);
  return (
    <div className="field">
      <span className="label">
        <code>{path.at(-1)}</code> <span className="muted small">(a list or map: edit it in the YAML tab)</span>
      </span>
      {value === undefined ? <span className="muted small">(not set)</span> : <pre>{toYaml(value)}</pre>}
      <div className="muted small" title={node.description}>
        {node.help}
      </div>
      <FieldError error={error} />
    </div>
  );
}

function FieldError({ error, id }: { error?: string; id?: string }) {
  return error ? (
    <div id={id} role="alert" className="field-error">
      {error}
    </div>
  ) : null;
}
