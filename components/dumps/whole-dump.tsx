'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import { formatBytes } from '@/lib/present/format';
import { fetchOk, toAppError } from '@/lib/query/fetch';

const DumpViewer = dynamic(() => import('./dump-viewer').then((m) => m.DumpViewer), {
  ssr: false,
  loading: () => <p className="muted">Loading the viewer…</p>,
});

/** Reads a response body, reporting bytes as they arrive; the whole text at the end. */
async function readWithProgress(url: string, onBytes: (n: number, total?: number) => void): Promise<string> {
  const res = await fetchOk(url);
  const total = Number(res.headers.get('content-length')) || undefined;
  const reader = res.body!.getReader();
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

/** The whole dump in the viewer, loaded only when asked for (it can be hundreds of MB). */
export function WholeDump({ url, bytes, jumpTo, lines }: { url: string; bytes: number; jumpTo?: string; lines?: [number, number] }) {
  const [whole, setWhole] = useState<{ text?: string; bytes: number; total?: number; error?: string }>();
  const open = () => {
    setWhole({ bytes: 0 });
    readWithProgress(url, (n, total) => setWhole({ bytes: n, total })).then(
      (text) => setWhole({ text, bytes: text.length }),
      (e: unknown) => setWhole({ bytes: 0, error: toAppError(e).message }),
    );
  };
  return (
    <section className="card" aria-label="The whole dump">
      <h2>The whole dump</h2>
      {!whole && lines && (
        <p className="small">
          This link points at lines {lines[0]}–{lines[1]} of the whole dump.
        </p>
      )}
      {!whole && (
        <button type="button" className="secondary" onClick={open}>
          Open the whole dump ({formatBytes(bytes)}) in the viewer
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
      {whole?.text && <DumpViewer text={whole.text} jumpTo={lines ? undefined : jumpTo} lines={lines} />}
    </section>
  );
}
