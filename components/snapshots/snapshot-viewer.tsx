'use client';

import { useState } from 'react';
import type { Snapshot } from '@/lib/snapshot/model';
import { ReplicaCard } from '@/components/gateways/replica-card';

/** A snapshot as it was taken: policies and their status, each replica's verdicts and lit lines. */
export function SnapshotViewer() {
  const [snapshot, setSnapshot] = useState<Snapshot>();
  const [error, setError] = useState<string>();
  const open = async (file?: File) => {
    if (!file) return;
    // The reader (zod) loads when a file is opened, not with the page.
    const { parseSnapshot } = await import('@/lib/snapshot/parse');
    const parsed = parseSnapshot(await file.text());
    if (parsed.ok) {
      setSnapshot(parsed.value);
      setError(undefined);
    } else {
      setSnapshot(undefined);
      setError(`${file.name}: ${parsed.error}`);
    }
  };
  return (
    <div
      className="dropzone"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        void open(e.dataTransfer.files[0]);
      }}
    >
      <label className="field">
        Snapshot file, JSON or HTML (or drop it here)
        <input type="file" accept=".json,.html,application/json,text/html" onChange={(e) => void open(e.target.files?.[0])} />
      </label>
      {error && (
        <div role="alert" className="card card-error">
          {error}
        </div>
      )}
      {snapshot && (
        <>
          <section className="card" aria-label="Snapshot">
            <h2>
              {snapshot.service.namespace}/{snapshot.service.name}:{snapshot.service.port} on Gateway {snapshot.gateway.namespace}/
              {snapshot.gateway.name}
            </h2>
            <p className="muted small" data-testid="snapshot-meta">
              Taken {snapshot.takenAt}
              {snapshot.context && ` · context ${snapshot.context}`} · a snapshot: what the cluster showed then, not now.
            </p>
            {snapshot.note && <p>{snapshot.note}</p>}
            {snapshot.policies.map((p) => (
              <div key={p.name}>
                <h3>
                  {p.name}
                  {p.generation !== undefined && <span className="muted small"> generation {p.generation}</span>}
                </h3>
                <ul className="conditions">
                  {p.conditions.map((c, i) => (
                    <li key={i} className={`condition ${c.status === 'True' ? 'good' : 'bad'}`}>
                      <strong>
                        {c.type}: {c.status}
                      </strong>{' '}
                      {c.reason}{' '}
                      <span className="muted small">
                        {c.ancestor}
                        {c.message && ` · ${c.message}`}
                      </span>
                    </li>
                  ))}
                </ul>
                <pre>{p.yaml}</pre>
              </div>
            ))}
          </section>
          {snapshot.replicas.map((r) => (
            <ReplicaCard key={r.pod} replica={r} targeting={[]} serviceNamespace={snapshot.service.namespace} />
          ))}
        </>
      )}
    </div>
  );
}
