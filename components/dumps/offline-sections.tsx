'use client';

import { useMemo, useState } from 'react';
import { jsonLines } from '@/lib/envoy/cluster-view';
import { listSection, sliceOf, type SectionKind } from '@/lib/envoy/sections';
import { downloadText } from './download';
import { SectionTable, SectionToolbar } from './section-table';

const KINDS: SectionKind[] = ['listeners', 'routes', 'endpoints'];

/** A saved dump's listeners, route configs and endpoints, one at a time, in the browser only. */
export function OfflineSections({ dump }: { dump: unknown }) {
  const [kind, setKind] = useState<SectionKind>('listeners');
  const [query, setQuery] = useState('');
  const [name, setName] = useState<string>();
  const page = useMemo(() => listSection(dump, kind, query, 1000), [dump, kind, query]);
  const slice = name ? sliceOf(dump, kind, name) : undefined;
  const lines = slice ? jsonLines(slice.body, []) : [];
  return (
    <section className="card" aria-label="Listeners, routes and endpoints">
      <h2>Listeners, routes and endpoints</h2>
      <SectionToolbar
        kinds={KINDS}
        kind={kind}
        query={query}
        onKind={(k) => {
          setKind(k);
          setName(undefined);
        }}
        onQuery={setQuery}
      />
      <p className="muted small">
        {page.matched} of {page.total} {kind}
      </p>
      <SectionTable entries={page.entries} label={`${kind} in the file`} selected={name} onPick={setName} height={240} />
      {slice && (
        <>
          <h3>{slice.entry.name}</h3>
          <button
            type="button"
            className="secondary"
            onClick={() => downloadText(`${slice.entry.name}.json`, JSON.stringify(slice.body, null, 1))}
          >
            Download this slice
          </button>
          <pre className="cluster-json" data-testid="offline-slice">
            {lines.map((l, i) => (
              <div key={i}>
                <span className="ln">{i + 1}</span>
                {l.text}
              </div>
            ))}
          </pre>
        </>
      )}
    </section>
  );
}
