'use client';

import type { SectionEntry, SectionKind } from '@/lib/envoy/sections';
import { VirtualRows } from '@/components/ui/virtual-rows';

/** Kind buttons and a name search over a dump's sections. */
export function SectionToolbar({
  kinds,
  kind,
  query,
  onKind,
  onQuery,
}: {
  kinds: readonly SectionKind[];
  kind: SectionKind;
  query: string;
  onKind: (k: SectionKind) => void;
  onQuery: (q: string) => void;
}) {
  return (
    <div className="toolbar" role="group" aria-label="Kind">
      {kinds.map((k) => (
        <button key={k} type="button" className={k === kind ? undefined : 'secondary'} aria-pressed={k === kind} onClick={() => onKind(k)}>
          {k}
        </button>
      ))}
      <input
        type="search"
        aria-label={`Find ${kind} by name`}
        placeholder="name contains…"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
      />
    </div>
  );
}

/** One row per resource: name, state, version, last update; a click picks it. */
export function SectionTable({
  entries,
  label,
  selected,
  onPick,
  height = 300,
}: {
  entries: SectionEntry[];
  label: string;
  selected?: string;
  onPick: (name: string) => void;
  height?: number;
}) {
  return (
    <VirtualRows
      items={entries}
      rowHeight={30}
      height={Math.min(height, entries.length * 30 + 2)}
      label={label}
      render={(e) => (
        <div
          role="row"
          aria-selected={e.name === selected}
          className={`table-row section-row${e.name === selected ? ' selected' : ''}`}
          onClick={() => onPick(e.name)}
        >
          <span role="cell">{e.name}</span>
          <span role="cell" className="muted small">
            {e.state}
          </span>
          <span role="cell" className="muted small">
            {e.versionInfo ?? ''}
          </span>
          <span role="cell" className="muted small">
            {e.lastUpdated ?? ''}
          </span>
        </div>
      )}
    />
  );
}
