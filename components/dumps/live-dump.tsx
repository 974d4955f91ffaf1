'use client';

import dynamic from 'next/dynamic';
import { useEffect, useMemo, useState } from 'react';
import type { JsonLine } from '@/lib/envoy/cluster-view';
import type { DumpSummary } from '@/lib/envoy/config-dump';
import { SECTION_KINDS, type SectionEntry, type SectionKind, type SectionPage } from '@/lib/envoy/sections';
import { formatBytes } from '@/lib/format';
import { withContext } from '@/lib/links';
import { downloadText } from './download';
import { SectionTable, SectionToolbar } from './section-table';

const DumpViewer = dynamic(() => import('./dump-viewer').then((m) => m.DumpViewer), {
  ssr: false,
  loading: () => <p className="muted">Loading the viewer…</p>,
});

interface Meta {
  pod: string;
  namespace: string;
  gateway: string;
  fetchedAt: string;
  bytes: number;
  summary: DumpSummary;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const body = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

/** Reads a response body, reporting bytes as they arrive; the whole text at the end. */
async function readWithProgress(url: string, onBytes: (n: number, total?: number) => void): Promise<string> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length')) || undefined;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let n = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    n += r.value.length;
    parts.push(decoder.decode(r.value, { stream: true }));
    onBytes(n, total);
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** Keeps what is on screen in the address bar, so the link reopens the same view. */
function syncUrl(id: string, state: { kind: SectionKind; name?: string; q: string; gateway?: string; pod?: string }) {
  const url = new URL(window.location.href);
  url.pathname = `/dumps/${id}`;
  url.searchParams.delete('cluster');
  // The origin (gateway, pod) is only ever added: it is what an old link needs to fetch again.
  for (const [k, v] of Object.entries(state))
    if (v) url.searchParams.set(k, v);
    else if (k !== 'gateway' && k !== 'pod') url.searchParams.delete(k);
  window.history.replaceState(null, '', url);
}

export function LiveDump({
  id,
  initial,
}: {
  id: string;
  initial: { kind?: string; name?: string; q?: string; gateway?: string; pod?: string; vl?: string; context?: string };
}) {
  const [meta, setMeta] = useState<Meta | string>();
  const [kind, setKind] = useState<SectionKind>(
    SECTION_KINDS.includes(initial.kind as SectionKind) ? (initial.kind as SectionKind) : 'clusters',
  );
  const [q, setQ] = useState(initial.q ?? '');
  const [page, setPage] = useState<SectionPage | string>();
  const [name, setName] = useState(initial.name);
  const [slice, setSlice] = useState<{ entry: SectionEntry; lines: JsonLine[] } | string>();
  const [whole, setWhole] = useState<{ text?: string; bytes: number; total?: number; error?: string }>();
  const viewerLines = useMemo(() => {
    const m = /^(\d+)-(\d+)$/.exec(initial.vl ?? '');
    return m ? ([Number(m[1]), Number(m[2])] as [number, number]) : undefined;
  }, [initial.vl]);

  // An old link's dump may be gone from the server; then the same pod's current one replaces it.
  const [dumpId, setDumpId] = useState(id);
  const [refetched, setRefetched] = useState(false);
  useEffect(() => {
    getJson<Meta>(`/api/dumps/${id}?part=summary`).then(setMeta, async (e: Error) => {
      // An old link: the server no longer keeps that dump. Fetch the same pod's current one and
      // say so, or say the pod is gone.
      const [gwNs, gwName] = (initial.gateway ?? '').split('/');
      if (!gwNs || !gwName || !initial.pod) {
        setMeta(e.message);
        return;
      }
      // The link's context, so the same pod of the same cluster is read.
      const url = withContext(`/api/gateways/${gwNs}/${gwName}/dump?pod=${encodeURIComponent(initial.pod)}&keep=1`, initial.context);
      const body = await fetch(url)
        .then(
          (res) => res.json() as Promise<{ id?: string; error?: string }>,
          (f: Error) => ({ id: undefined, error: f.message }),
        )
        .catch(() => ({ id: undefined, error: 'the server answered something that is not JSON' }));
      if (!body.id) {
        setMeta(`The dump this link showed is no longer kept, and its replica cannot be read again: ${body.error ?? 'no answer'}.`);
        return;
      }
      setDumpId(body.id);
      setRefetched(true);
      getJson<Meta>(`/api/dumps/${body.id}?part=summary`).then(setMeta, (again: Error) => setMeta(again.message));
    });
  }, [id, initial.gateway, initial.pod, initial.context]);

  // Answers that arrive after a newer question are dropped: a slow "a" must not replace "ab".
  useEffect(() => {
    let current = true;
    const t = setTimeout(() => {
      getJson<SectionPage>(`/api/dumps/${dumpId}?part=index&kind=${kind}&q=${encodeURIComponent(q)}`).then(
        (p) => {
          if (current) setPage(p);
        },
        (e: Error) => {
          if (current) setPage(e.message);
        },
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [dumpId, kind, q]);

  useEffect(() => {
    if (!name) return;
    let current = true;
    getJson<{ entry: SectionEntry; lines: JsonLine[] }>(
      `/api/dumps/${dumpId}?part=slice&kind=${kind}&name=${encodeURIComponent(name)}`,
    ).then(
      (sl) => {
        if (current) setSlice(sl);
      },
      (e: Error) => {
        if (current) setSlice(e.message);
      },
    );
    return () => {
      current = false;
    };
  }, [dumpId, kind, name]);

  const gateway = typeof meta === 'object' ? `${meta.namespace}/${meta.gateway}` : undefined;
  const pod = typeof meta === 'object' ? meta.pod : undefined;
  useEffect(() => {
    syncUrl(dumpId, { kind, name, q, gateway, pod });
  }, [dumpId, kind, name, q, gateway, pod]);

  const openWhole = () => {
    setWhole({ bytes: 0 });
    readWithProgress(`/api/dumps/${dumpId}?part=raw`, (bytes, total) => setWhole({ bytes, total })).then(
      (text) => setWhole({ text, bytes: text.length }),
      (e: Error) => setWhole({ bytes: 0, error: e.message }),
    );
  };

  if (typeof meta === 'string')
    return (
      <div role="alert" aria-label="Dump not available" className="card card-error">
        <strong>Dump not available</strong>
        <p>{meta}</p>
      </div>
    );
  if (!meta)
    return (
      <p role="status" className="muted">
        Loading…
      </p>
    );
  const s = meta.summary;
  const shownSlice = typeof slice === 'object' && slice.entry.name === name ? slice : undefined;
  return (
    <>
      <h1>
        Config dump of {meta.namespace}/{meta.pod}
      </h1>
      {refetched && (
        <p role="status" aria-label="Changed since the link" className="card card-warning">
          The dump this link showed is no longer kept by the server; this is {meta.pod}&apos;s dump as of {meta.fetchedAt}, which may
          differ.
        </p>
      )}
      <p className="muted small" data-testid="dump-summary">
        Gateway {meta.gateway} · fetched {meta.fetchedAt} · {formatBytes(meta.bytes)} · Envoy {s.envoyVersion ?? '?'} · node {s.nodeId} ·{' '}
        {s.clusters} clusters, {s.listeners} listeners, {s.routeConfigs} route configs, {s.endpointConfigs} endpoint configs
        {' · '}
        <a href={`/api/dumps/${dumpId}?part=raw&download=1`} download>
          Download the whole dump
        </a>
      </p>
      <section className="card" aria-label="Resources in the dump">
        <SectionToolbar
          kinds={SECTION_KINDS}
          kind={kind}
          query={q}
          onKind={(k) => {
            setKind(k);
            setName(undefined);
            setSlice(undefined);
          }}
          onQuery={setQ}
        />
        {typeof page === 'string' && (
          <p role="alert" className="bad">
            {page}
          </p>
        )}
        {typeof page === 'object' && (
          <>
            <p className="muted small" role="status">
              {page.matched} of {page.total} {kind}
              {page.matched > page.entries.length && `, first ${page.entries.length} shown: narrow the search`}
            </p>
            <SectionTable entries={page.entries} label={`${kind} in the dump`} selected={name} onPick={setName} />
          </>
        )}
      </section>
      {typeof slice === 'string' && (
        <p role="alert" className="bad">
          {slice}
        </p>
      )}
      {shownSlice && (
        <section className="card" aria-label={`${kind} ${shownSlice.entry.name}`}>
          <h2>{shownSlice.entry.name}</h2>
          <p className="muted small">
            {shownSlice.entry.state}
            {shownSlice.entry.versionInfo && ` · version ${shownSlice.entry.versionInfo}`}
            {shownSlice.entry.lastUpdated && ` · updated ${shownSlice.entry.lastUpdated}`}
            {kind === 'clusters' && ' · lit: every field a BackendConfigPolicy can set'}
          </p>
          <button
            type="button"
            className="secondary"
            onClick={() => downloadText(`${shownSlice.entry.name}.json`, shownSlice.lines.map((l) => l.text).join('\n'))}
          >
            Download this slice
          </button>
          <pre className="cluster-json" data-testid="slice-json">
            {shownSlice.lines.map((l, i) => (
              <div key={i} className={l.highlight ? 'hl' : undefined}>
                <span className="ln">{i + 1}</span>
                {l.text}
              </div>
            ))}
          </pre>
        </section>
      )}
      <section className="card" aria-label="The whole dump">
        <h2>The whole dump</h2>
        {!whole && viewerLines && (
          <p className="small">
            This link points at lines {viewerLines[0]}–{viewerLines[1]} of the whole dump.
          </p>
        )}
        {!whole && (
          <button type="button" className="secondary" onClick={openWhole}>
            Open the whole dump ({formatBytes(meta.bytes)}) in the viewer
          </button>
        )}
        {whole && !whole.text && !whole.error && (
          <p role="status" data-testid="whole-progress">
            Loading {formatBytes(whole.bytes)}
            {whole.total ? ` of ${formatBytes(whole.total)}` : ''}…
          </p>
        )}
        {whole?.error && (
          <p role="alert" className="bad">
            {whole.error}
          </p>
        )}
        {whole?.text && (
          <DumpViewer text={whole.text} jumpTo={kind === 'clusters' && !viewerLines ? name : undefined} lines={viewerLines} />
        )}
      </section>
    </>
  );
}
