'use client';

import { useState } from 'react';
import type { DumpComparison } from '@/lib/envoy/compare';
import { ComparisonList } from '@/components/dumps/comparison-list';

/** The clusters that changed in one pod between its previous fetch and this one. */
export function CompareWithPrevious({ previousId, currentId }: { previousId: string; currentId: string }) {
  const [result, setResult] = useState<DumpComparison | string>();
  const load = async () => {
    try {
      const res = await fetch(`/api/dumps/compare?left=${previousId}&right=${currentId}`);
      const body = (await res.json()) as { comparison?: DumpComparison; error?: string };
      setResult(body.comparison ?? body.error ?? `HTTP ${res.status}`);
    } catch (e) {
      setResult(`The dashboard's server did not answer: ${(e as Error).message}`);
    }
  };
  if (result === undefined)
    return (
      <button type="button" className="secondary" onClick={() => void load()}>
        Compare with this pod&apos;s previous fetch
      </button>
    );
  if (typeof result === 'string')
    return (
      <p role="alert" className="bad">
        {result}
      </p>
    );
  return <ComparisonList result={result} testId="previous-comparison" lead="Since this pod's previous fetch:" />;
}
