import type { JsonLine } from '@/lib/envoy/cluster-view';

/** A resource of a dump as docs-style lines, numbered, the policy's lines lit. */
export function SliceLines({ lines, testId }: { lines: JsonLine[]; testId?: string }) {
  return (
    <pre className="cluster-json" data-testid={testId}>
      {lines.map((l, i) => (
        <div key={i} className={l.highlight ? 'hl' : undefined}>
          <span className="ln">{i + 1}</span>
          {l.text}
        </div>
      ))}
    </pre>
  );
}
