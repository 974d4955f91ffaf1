'use client';

import { Suspense, useState } from 'react';
import type { FieldNode } from '@/lib/policy/crd-model';
import { isTree, sectionsOf, type Tree } from '@/lib/policy/spec-edit';
import { tlsSecretsQuery } from '@/lib/query/secrets';
import { useClusterContext, useClusterHref } from '@/components/ui/use-cluster';
import { useLazyModule } from '@/components/ui/use-lazy-module';
import { useRead } from '@/components/ui/use-read';
import type { FieldProps } from './spec-field';

// A group's fields load when a group is first open: a policy that sets only keepalive never loads
// the field renderer (issue 13's first-load budget). Sections render only once the CRD is read, in
// the browser, so this is never on the server.
const loadFields = () => import('./spec-field');
const loadingFields = (
  <p role="status" className="muted small">
    Loading the fields…
  </p>
);

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
  // Groups opened by hand: their fields stay rendered once loaded, closed again or not.
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const groups = sectionsOf(model).map((g) => ({ ...g, open: isSet(g.keys) || hasError(g.keys) }));
  const anyOpen = groups.some((g) => g.open);
  const fields = useLazyModule('spec-field', loadFields, anyOpen || opened.size > 0);
  // Groups that open by themselves show with their fields, not before: a list drawn first and
  // filled in later would move under the pointer of someone about to click it.
  if (anyOpen && !fields)
    return (
      <p role="status" className="muted small">
        Loading the policy&apos;s other settings…
      </p>
    );
  return (
    <div className="spec-sections">
      {groups.map(({ title, keys, open }) => {
        return (
          <details
            key={title}
            className="card"
            open={open || undefined}
            onToggle={(e) => {
              if (e.currentTarget.open && !opened.has(title)) setOpened(new Set(opened).add(title));
            }}
          >
            <summary>
              <strong>{title}</strong> <span className="muted small">{keys.join(', ')}</span>
            </summary>
            {(open || opened.has(title)) &&
              (fields ? (
                // The "Targets by label" editor loads on its own, when that group shows.
                <Suspense fallback={loadingFields}>
                  {keys.map((k) => (
                    <fields.SpecField key={k} {...rest} suggestions={suggestions} node={model.properties![k]!} path={[k]} />
                  ))}
                </Suspense>
              ) : (
                loadingFields
              ))}
          </details>
        );
      })}
    </div>
  );
}
