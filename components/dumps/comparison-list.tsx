import type { DumpComparison } from '@/lib/envoy/compare';

/** A per-cluster comparison of two dumps: counts, then each changed field, added and removed clusters. */
export function ComparisonList({ result, testId, lead }: { result: DumpComparison; testId: string; lead?: string }) {
  return (
    <div data-testid={testId} className="small">
      <p>
        {lead && `${lead} `}
        {result.changed.length} changed, {result.onlyRight.length} added, {result.onlyLeft.length} removed, {result.same} unchanged
        clusters.
      </p>
      <ul>
        {result.changed.map((c) => (
          <li key={c.name}>
            <code>{c.name}</code>
            <ul>
              {c.differences.map((d) => (
                <li key={d.path}>
                  <code>{d.path}</code>: {JSON.stringify(d.left) ?? 'unset'} → {JSON.stringify(d.right) ?? 'unset'}
                </li>
              ))}
            </ul>
          </li>
        ))}
        {result.onlyRight.map((n) => (
          <li key={`+${n}`}>
            added <code>{n}</code>
          </li>
        ))}
        {result.onlyLeft.map((n) => (
          <li key={`-${n}`}>
            removed <code>{n}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
