'use client';

import type { FieldNode } from '@/lib/policy/crd-model';
import { isTree, sectionsOf, type Tree } from '@/lib/policy/spec-edit';
import { tlsSecretsQuery } from '@/lib/query/secrets';
import { useClusterContext, useClusterHref } from '@/components/ui/use-cluster';
import { useRead } from '@/components/ui/use-read';
import { SpecField, type FieldProps } from './spec-field';

interface Props extends Omit<FieldProps, 'node' | 'path' | 'suggestions'> {
  model: FieldNode;
  /** The policy's namespace: where its tls.secretRef is looked up. */
  namespace: string;
}

/**
 * Every setting of the policy beyond targets and keepalive, grouped as kgateway's docs group them,
 * each drawn from the CRD of the cluster's kgateway: a field that version lacks is not offered.
 * A group opens by itself when the policy sets something in it or one of its fields has an error.
 */
export function SpecSections({ model, namespace, ...rest }: Props) {
  const href = useClusterHref();
  const tlsSet = isTree(rest.tree.tls);
  const secrets = useRead(tlsSecretsQuery(useClusterContext(), namespace, href, tlsSet));
  // A person who may not list Secrets types the name; the note says which permission would help.
  const suggestions = (path: readonly string[]) =>
    path.join('.') === 'tls.secretRef.name'
      ? { values: secrets.data, note: secrets.error ? `No names to pick from: ${secrets.error.message}` : undefined }
      : undefined;
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
            <SpecField key={k} {...rest} suggestions={suggestions} node={model.properties![k]!} path={[k]} />
          ))}
        </details>
      ))}
    </div>
  );
}
