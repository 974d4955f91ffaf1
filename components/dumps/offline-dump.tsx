'use client';

import dynamic from 'next/dynamic';
import { useMemo, useState } from 'react';
import { listClusters, summarizeDump, tcpKeepaliveOf, type DumpedCluster, type DumpSummary } from '@/lib/envoy/config-dump';
import { describeDump, type DumpSection } from '@/lib/envoy/dump-configs';
import { jsonLines, POLICY_PATHS } from '@/lib/envoy/cluster-view';
import { VirtualRows } from '@/components/ui/virtual-rows';
import { downloadText } from './download';
import { OfflineSections } from './offline-sections';
import { SliceLines } from './slice-lines';

// The editor's code is fetched only when a dump is open on this page.
const DumpViewer = dynamic(() => import('./dump-viewer').then((m) => m.DumpViewer), {
  ssr: false,
  loading: () => <p className="muted">Loading the viewer…</p>,
});

interface Loaded {
  file: string;
  bytes: number;
  clusters: DumpedCluster[];
  text: string;
  dump: unknown;
  summary: DumpSummary;
  sections: DumpSection[];
}

async function read(file: File): Promise<Loaded> {
  let dump: unknown;
  const text = await file.text();
  try {
    dump = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file.name} is not JSON: ${(e as Error).message}`);
  }
  // First: it refuses a dump nested too deep for the walkers that follow.
  const summary = summarizeDump(dump);
  return { file: file.name, bytes: file.size, clusters: listClusters(dump), text, dump, summary, sections: describeDump(dump) };
}

/** Opens a dump from disk (picker or drop), lists its clusters, shows one with policy lines lit. */
export function OfflineDump() {
  const [loaded, setLoaded] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string>();
  const open = async (file?: File) => {
    if (!file) return;
    setError(undefined);
    setSelected(undefined);
    try {
      setLoaded(await read(file));
    } catch (e) {
      setLoaded(undefined);
      setError((e as Error).message);
    }
  };
  const shown = useMemo(() => (loaded?.clusters ?? []).filter((c) => c.name.includes(query)), [loaded, query]);
  const cluster = loaded?.clusters.find((c) => c.name === selected);
  const lines = cluster ? jsonLines(cluster.cluster, POLICY_PATHS) : [];
  const keepalive = cluster ? tcpKeepaliveOf(cluster.cluster) : undefined;

  return (
    <div
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        void open(e.dataTransfer.files[0]);
      }}
      className="dropzone"
    >
      <label className="field">
        Config dump file (or drop it here)
        <input type="file" accept=".json,application/json" onChange={(e) => void open(e.target.files?.[0])} />
      </label>
      {error && (
        <div role="alert" className="card card-error">
          {error}
        </div>
      )}
      {loaded && (
        <>
          <p role="status" aria-label="Loaded dump" className="muted small">
            {loaded.file}: {(loaded.bytes / 1024).toFixed(0)} KiB, {loaded.clusters.length} clusters, {loaded.summary.listeners} listeners,{' '}
            {loaded.summary.routeConfigs} route configs, {loaded.summary.endpointConfigs} endpoint configs
            {loaded.summary.envoyVersion && `, from Envoy ${loaded.summary.envoyVersion}`}
          </p>
          {/* Other control planes and older Envoys write other sections: each one named, and why it is not listed. */}
          <details className="small" open={loaded.sections.some((x) => !x.read)}>
            <summary>What the file holds: {loaded.sections.length} sections</summary>
            <ul aria-label="Sections of the dump">
              {loaded.sections.map((x, i) => (
                <li key={i}>
                  <code>{x.type}</code>: {x.read ? `listed: ${x.what}` : <strong>not listed: {x.what}</strong>}
                </li>
              ))}
            </ul>
          </details>
          {loaded.clusters.length === 0 ? (
            <p className="muted">No clusters in this file.</p>
          ) : (
            <>
              <div className="toolbar">
                <input
                  type="search"
                  aria-label="Find a cluster"
                  placeholder="kube_httpbin_httpbin_8000"
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                />
              </div>
              <VirtualRows
                items={shown}
                rowHeight={30}
                height={Math.min(300, shown.length * 30 + 2)}
                label="Clusters"
                render={(c) => (
                  <div
                    role="row"
                    aria-selected={c.name === selected}
                    className={`table-row cluster-row${c.name === selected ? ' selected' : ''}`}
                    onClick={() => setSelected(c.name)}
                  >
                    <span role="cell">{c.name}</span>
                    <span role="cell" className="muted small">
                      {c.state}
                    </span>
                  </div>
                )}
              />
            </>
          )}
        </>
      )}
      {loaded && <OfflineSections dump={loaded.dump} />}
      {loaded && (
        <section className="card" aria-label="The whole dump">
          <h2>The whole dump</h2>
          <p className="muted small">
            Fold any object in the gutter; search text or a regular expression; picking a cluster above jumps to it.
          </p>
          <DumpViewer text={loaded.text} jumpTo={selected} />
        </section>
      )}
      {cluster && (
        <section className="card" aria-label={`Cluster ${cluster.name}`}>
          <h2>{cluster.name}</h2>
          <p data-testid="offline-keepalive">
            tcp_keepalive:{' '}
            {keepalive
              ? Object.entries(keepalive)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(', ') || 'on, OS defaults'
              : 'not set'}
          </p>
          <p className="muted small">Lit: every field a BackendConfigPolicy can set (a saved file does not say which policy set it).</p>
          <button
            type="button"
            className="secondary"
            onClick={() => downloadText(`${cluster.name}.json`, JSON.stringify(cluster.cluster, null, 1))}
          >
            Download this cluster
          </button>
          <SliceLines lines={lines} />
        </section>
      )}
    </div>
  );
}
