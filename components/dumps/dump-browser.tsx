'use client';

import { useEffect, useState } from 'react';
import type { JsonLine } from '@/lib/envoy/cluster-view';
import { SECTION_KINDS, type SectionEntry, type SectionKind, type SectionPage } from '@/lib/envoy/sections';
import { fetchJson, toAppError } from '@/lib/query/fetch';
import { useRead } from '@/components/ui/use-read';
import { downloadText } from './download';
import { SectionTable, SectionToolbar } from './section-table';
import { SliceLines } from './slice-lines';

interface Props {
  href: (path: string) => string;
  dumpId: string;
  kind: SectionKind;
  name?: string;
  q: string;
  onKind: (k: SectionKind) => void;
  onName: (name: string | undefined) => void;
  onQuery: (q: string) => void;
}

/** Pages of names in a kept dump, and one resource at a time as docs-style lines. */
export function DumpBrowser({ href, dumpId, kind, name, q, onKind, onName, onQuery }: Props) {
  // The search asks the server 150 ms after the last keystroke; older answers never replace newer.
  const [asked, setAsked] = useState(q);
  useEffect(() => {
    const t = setTimeout(() => setAsked(q), 150);
    return () => clearTimeout(t);
  }, [q]);
  const page = useRead({
    key: ['dump-index', dumpId, kind, asked],
    read: (signal) =>
      fetchJson<SectionPage>(href(`/api/dumps/${dumpId}?part=index&kind=${kind}&q=${encodeURIComponent(asked)}`), { signal }),
    keepPrevious: true,
    staleMs: Infinity,
  });
  const slice = useRead({
    key: ['dump-slice', dumpId, kind, name],
    read: (signal) =>
      fetchJson<{ entry: SectionEntry; lines: JsonLine[] }>(
        href(`/api/dumps/${dumpId}?part=slice&kind=${kind}&name=${encodeURIComponent(name!)}`),
        { signal },
      ),
    enabled: !!name,
    staleMs: Infinity,
  });
  const shown = slice.data?.entry.name === name ? slice.data : undefined;
  return (
    <>
      <section className="card" aria-label="Resources in the dump">
        <SectionToolbar kinds={SECTION_KINDS} kind={kind} query={q} onKind={onKind} onQuery={onQuery} />
        {page.error && (
          <p role="alert" className="bad">
            {toAppError(page.error).message}
          </p>
        )}
        {page.data && (
          <>
            <p className="muted small" role="status">
              {page.data.matched} of {page.data.total} {kind}
              {page.data.matched > page.data.entries.length && `, first ${page.data.entries.length} shown: narrow the search`}
            </p>
            <SectionTable entries={page.data.entries} label={`${kind} in the dump`} selected={name} onPick={onName} />
          </>
        )}
      </section>
      {slice.error && (
        <p role="alert" className="bad">
          {toAppError(slice.error).message}
        </p>
      )}
      {shown && (
        <section className="card" aria-label={`${kind} ${shown.entry.name}`}>
          <h2>{shown.entry.name}</h2>
          <p className="muted small">
            {shown.entry.state}
            {shown.entry.versionInfo && ` · version ${shown.entry.versionInfo}`}
            {shown.entry.lastUpdated && ` · updated ${shown.entry.lastUpdated}`}
            {kind === 'clusters' && ' · lit: every field a BackendConfigPolicy can set'}
          </p>
          <button
            type="button"
            className="secondary"
            onClick={() => downloadText(`${shown.entry.name}.json`, shown.lines.map((l) => l.text).join('\n'))}
          >
            Download this slice
          </button>
          <SliceLines lines={shown.lines} testId="slice-json" />
        </section>
      )}
    </>
  );
}
