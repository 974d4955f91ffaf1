'use client';

import Link from 'next/link';
import { lazy, Suspense } from 'react';
import type { ReplicaView } from '@/lib/wire/dto';
import { formatBytes } from '@/lib/present/format';
import { useClusterHref } from '@/components/ui/use-cluster';
import { ErrorBanner } from '@/components/ui/error-banner';
import { ClusterLines } from './cluster-lines';
import { OnlyLink } from './only-link';

// The comparison exists only once a replica was read twice ("Fetch again"): it loads then, not with
// the page (a snapshot never has one, so the snapshot viewer never loads it).
// (React.lazy, not next/dynamic: it is never rendered on the server, and next/dynamic's own code
// cost this page more than the comparison it deferred.)
const CompareWithPrevious = lazy(() => import('./compare-with-previous').then((m) => ({ default: m.CompareWithPrevious })));

const verdictClass: Record<string, string> = { 'in effect': 'good', different: 'bad', 'cluster missing': 'bad', 'not yet': 'warning' };

interface Props {
  replica: ReplicaView;
  /** The Gateway the replica serves: its whole dump can be read on request. Absent in a snapshot. */
  gateway?: { namespace: string; name: string };
  /** Names of the policies that target the Service, in its namespace. */
  targeting: string[];
  serviceNamespace: string;
  /** Lines a shared link marks in this replica's cluster. */
  marked?: [number, number];
  /** 'this': the page reads only this replica (offer all); 'all': offer to read only this one. */
  only?: 'this' | 'all';
}

/** One proxy replica: the verdict per policy field, then the cluster as Envoy reports it. */
export function ReplicaCard({ replica, gateway, targeting, serviceNamespace, marked, only }: Props) {
  const href = useClusterHref();
  const s = replica.summary;
  return (
    <section className="card" aria-label={`Replica ${replica.pod}`}>
      <h2>Replica {replica.pod}</h2>
      {only && <OnlyLink pod={replica.pod} only={only} />}
      {replica.error ? (
        <ErrorBanner error={replica.error} title={replica.error.kind === 'unavailable' ? 'Replica unreachable' : undefined} />
      ) : (
        <>
          <p className="muted small" data-testid={`replica-facts-${replica.pod}`}>
            Envoy {s?.envoyVersion ?? '?'} · node {s?.nodeId ?? '?'}
            {replica.dumpBytes !== undefined && ` · config dump ${formatBytes(replica.dumpBytes)}`}
            {replica.readBytes !== undefined && ` · ${formatBytes(replica.readBytes)} read: this cluster, its endpoints and the node`}
            {replica.clusterName && (
              <>
                {' '}
                · <code>{replica.clusterName}</code> version {replica.versionInfo}, updated {replica.lastUpdated}
                {replica.endpoints !== undefined && `, ${replica.endpoints} endpoint${replica.endpoints === 1 ? '' : 's'}`}
              </>
            )}
          </p>
          {gateway && (
            <p className="small">
              {/* A plain link: the first view arrives in the server's HTML, and a click before the
                  page's script has run must still go there (a Link's click can be lost then). */}
              <a
                href={href(
                  `/dumps/latest?${new URLSearchParams({
                    gateway: `${gateway.namespace}/${gateway.name}`,
                    pod: replica.pod,
                    ...(replica.clusterName && { cluster: replica.clusterName }),
                  })}`,
                )}
              >
                Browse the whole dump
              </a>
              {' · '}
              <a
                href={href(
                  `/api/gateways/${encodeURIComponent(gateway.namespace)}/${encodeURIComponent(gateway.name)}/dump?pod=${encodeURIComponent(replica.pod)}&download=1`,
                )}
                download
              >
                Download the whole dump
              </a>
              {replica.fetchedAt && (
                <>
                  {' · '}
                  <span className="muted">read {replica.fetchedAt}</span>
                </>
              )}
            </p>
          )}
          {replica.dumpId && replica.previousDumpId && (
            <Suspense fallback={null}>
              <CompareWithPrevious previousId={replica.previousDumpId} currentId={replica.dumpId} />
            </Suspense>
          )}
          <table className="verdicts">
            <thead>
              <tr>
                <th>Field</th>
                <th>Policy asks</th>
                <th>Envoy should show</th>
                <th>Envoy shows</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              {(replica.fieldChecks ?? []).map((c) => (
                <tr key={c.field}>
                  <td>
                    <code>{c.field}</code> → <code>{c.envoyPath.join('.')}</code>
                    {c.from && <span className="muted small"> ({c.from})</span>}
                  </td>
                  <td>{c.asked}</td>
                  <td>{JSON.stringify(c.expected)}</td>
                  <td>{c.actual === undefined ? 'unset' : JSON.stringify(c.actual)}</td>
                  <td className={verdictClass[c.verdict]}>{c.verdict}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {replica.desiredVsActual && <DesiredVsActual d={replica.desiredVsActual} pod={replica.pod} />}
          {replica.lines ? (
            <ClusterLines lines={replica.lines} pod={replica.pod} marked={marked} testId={`cluster-json-${replica.pod}`} />
          ) : (
            <p className="bad" data-testid="cluster-missing">
              No cluster for this Service port in this replica: kgateway drops a backend&apos;s cluster when a policy on it fails.
              {targeting.length > 0 ? (
                <>
                  {' '}
                  Check the status of{' '}
                  {targeting.map((p, i) => (
                    <span key={p}>
                      {i > 0 && ', '}
                      <Link href={href(`/policies/${serviceNamespace}/${p}`)}>{p}</Link>
                    </span>
                  ))}
                  .
                </>
              ) : (
                ' No policy targets this Service; is kgateway watching its namespace?'
              )}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** The cluster kgateway means to send against the one this Envoy holds, leaf by leaf. */
function DesiredVsActual({ d, pod }: { d: NonNullable<ReplicaView['desiredVsActual']>; pod: string }) {
  if (d.unavailable) {
    return (
      <p className="small muted" data-testid={`desired-vs-actual-${pod}`}>
        Desired against actual: not compared. {d.unavailable}
      </p>
    );
  }
  const diffs = d.differences ?? [];
  return (
    <div className="small" data-testid={`desired-vs-actual-${pod}`}>
      {diffs.length === 0 ? (
        <p className="good">
          Desired against actual: the cluster Envoy holds is the one kgateway sends ({d.compared} fields, Any payloads decoded with
          Envoy&apos;s descriptors).
        </p>
      ) : (
        <>
          <p className="bad">
            Desired against actual: {diffs.length} of the fields differ from what kgateway sends (Any payloads decoded with Envoy&apos;s
            descriptors).
          </p>
          <table className="verdicts">
            <thead>
              <tr>
                <th>Field</th>
                <th>kgateway sends</th>
                <th>Envoy holds</th>
              </tr>
            </thead>
            <tbody>
              {diffs.slice(0, 50).map((x) => (
                <tr key={x.path}>
                  <td>
                    <code>{x.path}</code>
                  </td>
                  <td>{x.desired === undefined ? 'unset' : JSON.stringify(x.desired)}</td>
                  <td>{x.actual === undefined ? 'unset' : JSON.stringify(x.actual)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {diffs.length > 50 && <p className="muted">…and {diffs.length - 50} more.</p>}
        </>
      )}
    </div>
  );
}
