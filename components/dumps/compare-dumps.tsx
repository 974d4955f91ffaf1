'use client';

import { useState } from 'react';
import { compareDumps, type DumpComparison } from '@/lib/envoy/compare';
import { ComparisonList } from './comparison-list';

async function parse(file: File): Promise<unknown> {
  try {
    return JSON.parse(await file.text());
  } catch (e) {
    throw new Error(`${file.name} is not JSON: ${(e as Error).message}`);
  }
}

/** Two saved dumps (before and after an apply, or two replicas) compared cluster by cluster. */
export function CompareDumps() {
  const [files, setFiles] = useState<{ before?: File; after?: File }>({});
  const [result, setResult] = useState<DumpComparison>();
  const [error, setError] = useState<string>();
  const pick = async (side: 'before' | 'after', file?: File) => {
    const next = { ...files, [side]: file };
    setFiles(next);
    setResult(undefined);
    setError(undefined);
    if (!next.before || !next.after) return;
    try {
      setResult(compareDumps(await parse(next.before), await parse(next.after)));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="card" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare two dumps</h2>
      <div className="toolbar">
        <label>
          Before <input type="file" accept=".json,application/json" onChange={(e) => void pick('before', e.target.files?.[0])} />
        </label>
        <label>
          After <input type="file" accept=".json,application/json" onChange={(e) => void pick('after', e.target.files?.[0])} />
        </label>
      </div>
      {error && (
        <div role="alert" className="card card-error">
          {error}
        </div>
      )}
      {result && <ComparisonList result={result} testId="dump-comparison" />}
    </section>
  );
}
