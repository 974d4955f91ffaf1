'use client';

import { useState } from 'react';
import type { DumpComparison } from '@/lib/envoy/compare';
import { fetchJson, toAppError } from '@/lib/query/fetch';
import { ComparisonList } from '@/components/dumps/comparison-list';
import { ErrorBanner } from '@/components/ui/error-banner';
import { useClusterHref } from '@/components/ui/use-cluster';
import { useRead } from '@/components/ui/use-read';

/** The clusters that changed in one pod between its previous fetch and this one. */
export function CompareWithPrevious({ previousId, currentId }: { previousId: string; currentId: string }) {
  const href = useClusterHref();
  const [asked, setAsked] = useState(false);
  const { data, error } = useRead({
    key: ['dump-compare', previousId, currentId],
    read: (signal) =>
      fetchJson<{ comparison: DumpComparison }>(href(`/api/dumps/compare?left=${previousId}&right=${currentId}`), { signal }),
    enabled: asked,
    staleMs: Infinity,
  });
  if (!asked)
    return (
      <button type="button" className="secondary" onClick={() => setAsked(true)}>
        Compare with this pod&apos;s previous fetch
      </button>
    );
  if (error) return <ErrorBanner error={toAppError(error)} />;
  if (!data)
    return (
      <p role="status" className="muted small">
        Comparing…
      </p>
    );
  return <ComparisonList result={data.comparison} testId="previous-comparison" lead="Since this pod's previous fetch:" />;
}
