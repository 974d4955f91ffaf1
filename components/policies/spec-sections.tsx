'use client';

import { lazy, Suspense, useState } from 'react';
import type { FieldNode } from '@/lib/policy/crd-model';
import { isTree, sectionsOf, type Tree } from '@/lib/policy/spec-edit';
import { tlsSecretsQuery } from '@/lib/query/secrets';
import { useClusterContext, useClusterHref } from '@/components/ui/use-cluster';
import { useRead } from '@/components/ui/use-read';
import type { FieldProps } from './spec-field';

// A group's fields load when it is first open: a policy that sets only keepalive never loads the
// field renderer and its tables (issue 13's first-load budget). Sections render only once the CRD
// is read, in the browser, so this is never on the server.
const SpecField = lazy(() => import('./spec-field').then((m) => ({ default: m.SpecField })));

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
  return (
    <div className="spec-sections">
      {sectionsOf(model).map((g) => {
        const open = isSet(g.keys) || hasError(g.keys);
        return (
          <details
            key={g.title}
            className="card"
            open={open || undefined}
            onToggle={(e) => {
              if (e.currentTarget.open && !opened.has(g.title)) setOpened(new Set(opened).add(g.title));
            }}
          >
            <summary>
              <strong>{g.title}</strong> <span className="muted small">{g.keys.join(', ')}</span>
            </summary>
            {(open || opened.has(g.title)) && (
              <Suspense
                fallback={
                  <p role="status" className="muted small">
                    Loading the fields…
                  </p>
                }
              >
                {g.keys.map((k) => (
                  <SpecField key={k} {...rest} suggestions={suggestions} node={model.properties![k]!} path={[k]} />
                ))}
              </Suspense>
            )}
          </details>
        );
      })}
    </div>
  );
}
