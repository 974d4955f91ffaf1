import type { ReplicaView } from '@/lib/dto';
import { ErrorBanner } from '@/components/ui/error-banner';

const verdictClass: Record<string, string> = { 'in effect': 'good', different: 'bad', 'cluster missing': 'bad', 'not yet': 'warning' };

/** One proxy replica: the verdict per keepalive field, then the cluster as Envoy reports it. */
export function ReplicaCard({ replica, downloadHref }: { replica: ReplicaView; downloadHref: string }) {
  return (
    <section className="card" aria-label={`Replica ${replica.pod}`}>
      <h2>Replica {replica.pod}</h2>
      {replica.error ? <ErrorBanner error={replica.error} title={replica.error.kind === 'unavailable' ? 'Replica unreachable' : undefined} /> : (
        <>
          <p className="muted small">
            Envoy {replica.summary!.envoyVersion ?? '?'} · node {replica.summary!.nodeId} · config dump {(replica.dumpBytes! / 1024).toFixed(0)} KiB:{' '}
            {replica.summary!.clusters} clusters, {replica.summary!.listeners} listeners, {replica.summary!.routeConfigs} route configs, {replica.summary!.endpointConfigs} endpoint configs
            {' · '}<a href={downloadHref} download>Download the whole dump</a>
            {replica.clusterName && <> · <code>{replica.clusterName}</code> version {replica.versionInfo}, updated {replica.lastUpdated}</>}
          </p>
          <table className="verdicts">
            <thead><tr><th>Field</th><th>Policy asks</th><th>Envoy should show</th><th>Envoy shows</th><th>Verdict</th></tr></thead>
            <tbody>
              {replica.verdicts!.map((v) => (
                <tr key={v.field}>
                  <td><code>{v.field}</code> → <code>{v.envoyField}</code></td>
                  <td>{v.asked ?? '—'}</td>
                  <td>{v.expected ?? 'unset'}</td>
                  <td>{v.actual ?? 'unset'}</td>
                  <td className={verdictClass[v.verdict]}>{v.verdict}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {replica.lines ? (
            <pre className="cluster-json" data-testid={`cluster-json-${replica.pod}`}>
              {replica.lines.map((l, i) => (
                <div key={i} className={l.highlight ? 'hl' : undefined}><span className="ln">{i + 1}</span>{l.text}</div>
              ))}
            </pre>
          ) : <p className="bad">No cluster for this Service port in this replica: kgateway drops a backend&apos;s cluster when a policy on it fails; check the policy&apos;s status.</p>}
        </>
      )}
    </section>
  );
}
