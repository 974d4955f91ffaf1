'use client';

import { useEffect, useMemo, useState } from 'react';
import { SECTION_KINDS, type SectionKind } from '@/lib/envoy/sections';
import { formatBytes } from '@/lib/present/format';
import { useClusterHref } from '@/components/ui/use-cluster';
import { DumpBrowser } from './dump-browser';
import { LATEST, useKeptDump } from './use-kept-dump';
import { WholeDump } from './whole-dump';

export interface LiveDumpLink {
  kind?: string;
  name?: string;
  q?: string;
  gateway?: string;
  pod?: string;
  vl?: string;
}

/** Keeps what is on screen in the address bar, so the link reopens the same view. */
function syncUrl(path: string, state: { kind: SectionKind; name?: string; q: string; gateway?: string; pod?: string }) {
  const url = new URL(window.location.href);
  url.pathname = path;
  url.searchParams.delete('cluster');
  // The origin (gateway, pod) is only ever added: it is what an old link needs to fetch again.
  for (const [k, v] of Object.entries(state)) {
    if (v) url.searchParams.set(k, v);
    else if (k !== 'gateway' && k !== 'pod') url.searchParams.delete(k);
  }
  window.history.replaceState(null, '', url);
}

/** A dump the server fetched from a proxy: browsed by slices, viewed whole on request. */
export function LiveDump({ id, initial }: { id: string; initial: LiveDumpLink }) {
  const href = useClusterHref();
  const [kind, setKind] = useState<SectionKind>(
    SECTION_KINDS.includes(initial.kind as SectionKind) ? (initial.kind as SectionKind) : 'clusters',
  );
  const [q, setQ] = useState(initial.q ?? '');
  const [name, setName] = useState(initial.name);
  const viewerLines = useMemo(() => {
    const m = /^(\d+)-(\d+)$/.exec(initial.vl ?? '');
    return m ? ([Number(m[1]), Number(m[2])] as [number, number]) : undefined;
  }, [initial.vl]);
  const { data, error } = useKeptDump(href, id, initial);
  const meta = data?.meta;
  const dumpId = meta?.id ?? id;
  const gateway = meta && `${meta.namespace}/${meta.gateway}`;
  useEffect(() => {
    syncUrl(href(`/dumps/${dumpId}`), { kind, name, q, gateway, pod: meta?.pod });
  }, [href, dumpId, kind, name, q, gateway, meta?.pod]);

  if (error)
    return (
      <div role="alert" aria-label="Dump not available" className="card card-error">
        <strong>Dump not available</strong>
        <p>{error.message}</p>
      </div>
    );
  if (!meta)
    return (
      <p role="status" className="muted">
        {id === LATEST ? `Reading the whole dump of ${initial.pod ?? 'the replica'} from its Envoy…` : 'Loading…'}
      </p>
    );
  const s = meta.summary;
  return (
    <>
      <h1>
        Config dump of {meta.namespace}/{meta.pod}
      </h1>
      {data.refetched && (
        <p role="status" aria-label="Changed since the link" className="card card-warning">
          The dump this link showed is no longer kept by the server; this is {meta.pod}&apos;s dump as of {meta.fetchedAt}, which may
          differ.
        </p>
      )}
      <p className="muted small" data-testid="dump-summary">
        Gateway {meta.gateway} · fetched {meta.fetchedAt} · {formatBytes(meta.bytes)} · Envoy {s.envoyVersion ?? '?'} · node {s.nodeId} ·{' '}
        {s.clusters} clusters, {s.listeners} listeners, {s.routeConfigs} route configs, {s.endpointConfigs} endpoint configs
        {' · '}
        <a href={href(`/api/dumps/${dumpId}?part=raw&download=1`)} download>
          Download the whole dump
        </a>
      </p>
      <DumpBrowser
        href={href}
        dumpId={dumpId}
        kind={kind}
        name={name}
        q={q}
        onKind={(k) => {
          setKind(k);
          setName(undefined);
        }}
        onName={setName}
        onQuery={setQ}
      />
      <WholeDump
        url={href(`/api/dumps/${dumpId}?part=raw`)}
        bytes={meta.bytes}
        jumpTo={kind === 'clusters' ? name : undefined}
        lines={viewerLines}
      />
    </>
  );
}
