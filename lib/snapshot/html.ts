import type { ReplicaView } from '@/lib/wire/dto';
import type { Json } from '@/lib/envoy/config-dump';
import type { FieldCheck } from '@/lib/envoy/field-verdicts';
import { formatBytes } from '@/lib/present/format';
import { SNAPSHOT_KIND, snapshotToJson, type Snapshot, type SnapshotPolicy } from './model';
import { REDACTED } from './redact';

// A snapshot as one self-contained page that reads in any browser (inline CSS, no scripts, no
// external URLs) and carries the snapshot's JSON for the dashboard to reopen. Pure.

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** An id fragment from a pod name: pod names are DNS labels already, this only guards odd files. */
const slug = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '-');

/** `#<pod>-L12`: the id a link uses to point at one line of one replica's cluster. */
export function lineId(pod: string, lineNumber: number): string {
  return `${slug(pod)}-L${lineNumber}`;
}

// Light and dark palettes, each text colour at least 4.5:1 on the backgrounds it appears on (WCAG AA).
const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #57606a; --border: #d0d7de; --panel: #f6f8fa;
  --hl-bg: #fff4c2; --hl-mark: #9a6700; --link: #0969da; --ok: #1a7f37; --bad: #cf222e; --wait: #9a6700; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --panel: #151b23;
    --hl-bg: #3b2e00; --hl-mark: #d29922; --link: #4493f8; --ok: #3fb950; --bad: #f85149; --wait: #d29922; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
h1 { font-size: 1.4rem; margin: 0 0 0.75rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--border); padding-bottom: 0.25rem; }
h3 { font-size: 1rem; margin: 1.5rem 0 0.5rem; }
a { color: var(--link); }
code, pre { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: 0.88rem; }
pre { background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: 0.75rem; overflow-x: auto; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.muted { color: var(--muted); }
.note { white-space: pre-wrap; border-left: 3px solid var(--border); padding-left: 0.75rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; border: 1px solid var(--border); padding: 0.3rem 0.5rem; }
th { background: var(--panel); }
.ok { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.wait { color: var(--wait); font-weight: 600; }
.error { color: var(--bad); }
pre.cluster { padding: 0.5rem 0; }
.line { display: block; padding-right: 0.75rem; border-left: 4px solid transparent; }
.line.hl { background: var(--hl-bg); border-left-color: var(--hl-mark); }
.line:target { outline: 2px solid var(--link); outline-offset: -2px; }
.ln { display: inline-block; min-width: 4.5ch; padding-right: 1ch; text-align: right; color: var(--muted);
  text-decoration: none; user-select: none; }
`;

const VERDICT_CLASS: Record<FieldCheck['verdict'], string> = {
  'in effect': 'ok',
  different: 'bad',
  'cluster missing': 'bad',
  'not yet': 'wait',
};

const shown = (v: Json | undefined) => (v === undefined ? 'not set' : typeof v === 'string' ? v : JSON.stringify(v));
const cell = (s: string) => `<td>${esc(s)}</td>`;
const verdictCell = (v: FieldCheck['verdict']) => `<td class="${VERDICT_CLASS[v]}">${esc(v)}</td>`;

function facts(rows: [string, string | undefined][]): string {
  const items = rows.filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '');
  return `<dl class="facts">${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

function policyHtml(p: SnapshotPolicy): string {
  const meta = [
    p.generation === undefined ? '' : `generation ${p.generation}`,
    p.resourceVersion ? `resourceVersion ${p.resourceVersion}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const conditions =
    p.conditions.length === 0
      ? '<p class="muted">No status reported by kgateway yet.</p>'
      : `<table><caption class="muted">Conditions</caption><thead><tr><th scope="col">Ancestor</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Message</th><th scope="col">Observed generation</th></tr></thead><tbody>${p.conditions
          .map(
            (c) =>
              `<tr>${cell(c.ancestor)}${cell(c.type)}${cell(c.status)}${cell(c.reason ?? '')}${cell(c.message ?? '')}${cell(
                c.observedGeneration === undefined ? '' : String(c.observedGeneration),
              )}</tr>`,
          )
          .join('')}</tbody></table>`;
  return `<section><h3>BackendConfigPolicy ${esc(p.name)}</h3>${meta ? `<p class="muted">${esc(meta)}</p>` : ''}<pre>${esc(p.yaml)}</pre>${conditions}</section>`;
}

function replicaSummary(r: ReplicaView): string {
  const parts = [
    r.summary?.envoyVersion && `Envoy ${r.summary.envoyVersion}`,
    r.summary?.clusters !== undefined && `${r.summary.clusters} clusters, ${r.summary.listeners ?? '?'} listeners`,
    r.clusterName ? `cluster ${r.clusterName}` : !r.error && 'no cluster for this Service port',
    r.versionInfo && `version_info ${r.versionInfo}`,
    r.lastUpdated && `last updated ${r.lastUpdated}`,
    r.dumpBytes !== undefined && `dump ${formatBytes(r.dumpBytes)}`,
    r.readBytes !== undefined && `read ${formatBytes(r.readBytes)} of its admin`,
    r.fetchedAt && `fetched ${r.fetchedAt}`,
  ].filter((x): x is string => typeof x === 'string' && x !== '');
  return parts.join(' · ');
}

function verdictTable(r: ReplicaView): string {
  const rows = [
    ...(r.fieldChecks ?? []).map(
      (c) =>
        `<tr><td>${esc(c.field)}${c.from ? ` <span class="muted">(${esc(c.from)})</span>` : ''}<br><code>${esc(c.envoyPath.join('.'))}</code></td>${cell(
          c.asked,
        )}${cell(shown(c.expected))}${cell(shown(c.actual))}${verdictCell(c.verdict)}</tr>`,
    ),
  ];
  if (rows.length === 0) return '';
  return `<table><thead><tr><th scope="col">Field</th><th scope="col">Policy asks</th><th scope="col">Envoy should show</th><th scope="col">Envoy shows</th><th scope="col">Verdict</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function clusterLines(r: ReplicaView): string {
  if (!r.lines?.length) return '';
  // Each line ends with its own newline inside a block span: copying the <pre> gives the JSON back.
  const body = r.lines
    .map((l, i) => {
      const id = lineId(r.pod, i + 1);
      return `<span class="line${l.highlight ? ' hl' : ''}" id="${esc(id)}"><a class="ln" href="#${esc(id)}">${i + 1}</a>${esc(l.text)}\n</span>`;
    })
    .join('');
  return `<p class="muted">${esc(r.clusterName ?? 'The cluster')} as this replica holds it. Marked and tinted lines are the ones the policies set. Key material is shown as "${REDACTED}".</p><pre class="cluster">${body}</pre>`;
}

function replicaHtml(r: ReplicaView): string {
  // Not errorTitles: they name the API server ("Cannot reach the API server"), while a replica fails on its own pod.
  const error = r.error ? `<p class="error"><strong>Not read:</strong> ${esc(r.error.message)}</p>` : '';
  const summary = replicaSummary(r);
  return `<section id="${esc(slug(r.pod))}"><h3>Replica ${esc(r.pod)}</h3>${error}${summary ? `<p class="muted">${esc(summary)}</p>` : ''}${verdictTable(
    r,
  )}${clusterLines(r)}</section>`;
}

/** JSON that cannot end the script element it sits in, nor open a comment there. */
function scriptSafeJson(s: Snapshot): string {
  return snapshotToJson(s).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

export function snapshotToHtml(s: Snapshot): string {
  const where = `${s.service.namespace}/${s.service.name}:${s.service.port}`;
  const gateway = `${s.gateway.namespace}/${s.gateway.name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<title>${esc(`Snapshot: Service ${where} on Gateway ${gateway}, ${s.takenAt}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Service ${esc(where)} on Gateway ${esc(gateway)}</h1>
${facts([
  ['Service', where],
  ['Gateway', gateway],
  ['Kube context', s.context],
  ['Taken at', s.takenAt],
])}
${s.note ? `<p class="note">${esc(s.note)}</p>` : ''}
</header>
<main>
<h2>Policies</h2>
${s.policies.length ? s.policies.map(policyHtml).join('\n') : '<p class="muted">No BackendConfigPolicy targets this Service.</p>'}
<h2>Replicas</h2>
${s.replicas.length ? s.replicas.map(replicaHtml).join('\n') : '<p class="muted">The Gateway had no proxy replicas.</p>'}
</main>
<footer><p class="muted">Saved by the kgateway policy dashboard. Open this file there to explore it again.</p></footer>
<script type="application/json" id="${SNAPSHOT_KIND}">${scriptSafeJson(s)}</script>
</body>
</html>
`;
}
