'use client';

import type { FieldNode } from '@/lib/policy/crd-model';
import { sectionsOf, type Tree } from '@/lib/policy/spec-edit';
import { SpecField, type FieldProps } from './spec-field';

interface Props extends Omit<FieldProps, 'node' | 'path'> {
  model: FieldNode;
}

/**
 * Every setting of the policy beyond targets and keepalive, grouped as kgateway's docs group them,
 * each drawn from the CRD of the cluster's kgateway: a field that version lacks is not offered.
 * A group opens by itself when the policy sets something in it or one of its fields has an error.
 */
export function SpecSections({ model, ...rest }: Props) {
  const hasError = (keys: string[]) => Object.keys(rest.errors).some((e) => keys.some((k) => e.startsWith(`spec.${k}`)));
  const isSet = (keys: string[]) => keys.some((k) => (rest.tree as Tree)[k] !== undefined);
  return (
    <div className="spec-sections">
      {sectionsOf(model).map((g) => (
        <details key={g.title} className="card" open={isSet(g.keys) || hasError(g.keys) || undefined}>
          <summary>
            <strong>{g.title}</strong> <span className="muted small">{g.keys.join(', ')}</span>
          </summary>
          {g.keys.map((k) => (
            <SpecField key={k} {...rest} node={model.properties![k]!} path={[k]} />
          ))}
        </details>
      ))}
    </div>
  );
}
