'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { JsonLine } from '@/lib/envoy/cluster-view';
import { CopyButton } from '@/components/ui/copy-button';

/**
 * A cluster's JSON as numbered lines, policy lines lit. Click a line number to mark it,
 * shift-click to mark a range, then copy a link that opens the page with the same lines marked.
 */
export function ClusterLines({
  lines,
  pod,
  marked,
  testId,
}: {
  lines: JsonLine[];
  pod: string;
  marked?: [number, number];
  testId?: string;
}) {
  const [range, setRange] = useState<[number, number] | undefined>(marked);
  const first = useRef<HTMLDivElement>(null);
  // Scroll once per marked range, not on every refresh that rebuilds the same range.
  const [from, to] = marked ?? [];
  useEffect(() => {
    if (from !== undefined) first.current?.scrollIntoView({ block: 'center' });
  }, [from, to]);
  const pick = (n: number, extend: boolean) => setRange((r) => (extend && r ? [Math.min(r[0], n), Math.max(r[1], n)] : [n, n]));
  const pathname = usePathname();
  const params = useSearchParams();
  // The same on the server and in the browser: a page with marked lines is rendered by both.
  const relative = () => {
    const q = new URLSearchParams(params.toString());
    if (range) q.set('lines', `${pod}:${range[0]}-${range[1]}`);
    return `${pathname}?${q.toString()}`;
  };
  const link = () => new URL(relative(), window.location.href).toString();
  return (
    <>
      {range && (
        <div className="toolbar small">
          <span>
            Lines {range[0]}–{range[1]} marked
          </span>
          <CopyButton text={link} label="Copy link to these lines" />
          <a href={relative()} data-testid="lines-link">
            link
          </a>
          <button type="button" className="secondary" onClick={() => setRange(undefined)}>
            Clear
          </button>
        </div>
      )}
      <pre className="cluster-json" data-testid={testId}>
        {lines.map((l, i) => {
          const n = i + 1;
          const on = !!range && n >= range[0] && n <= range[1];
          return (
            <div
              key={i}
              id={`${pod}-L${n}`}
              ref={on && n === range![0] ? first : undefined}
              className={[l.highlight && 'hl', on && 'marked'].filter(Boolean).join(' ') || undefined}
            >
              <button type="button" className="ln" aria-label={`Mark line ${n}`} aria-pressed={on} onClick={(e) => pick(n, e.shiftKey)}>
                {n}
              </button>
              {l.text}
            </div>
          );
        })}
      </pre>
    </>
  );
}
