import { z } from 'zod';
import type { PolicyDto, ReplicaView, ServiceOnGatewayDto } from '@/lib/dto';
import type { FieldVerdict, JsonLine } from '@/lib/envoy/cluster-view';
import type { Json } from '@/lib/envoy/config-dump';
import type { FieldCheck } from '@/lib/envoy/field-verdicts';
import { errorTitles, type AppError, type ErrorKind } from '@/lib/errors';
import { formatBytes } from '@/lib/format';
import { API_VERSION, KIND } from '@/lib/policy/model';
import { toYaml } from '@/lib/policy/yaml';

// A snapshot: one Service on one Gateway as the team walked through it, saved as a file. Two forms:
// JSON the dashboard reopens, and one self-contained HTML page that reads in any browser (inline CSS,
// no scripts, no external URLs) and carries the same JSON for the dashboard to reopen. Nothing in a
// snapshot may hold a secret: TLS material in cluster slices and token-shaped strings are redacted
// before anything is written. Pure, and safe in the browser.

export const SNAPSHOT_KIND = 'kgateway-dashboard-snapshot';

export interface SnapshotCondition {
  ancestor: string;
  type: string;
  status: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

export interface SnapshotPolicy {
  name: string;
  yaml: string;
  generation?: number;
  resourceVersion?: string;
  conditions: SnapshotCondition[];
}

export interface Snapshot {
  kind: typeof SNAPSHOT_KIND;
  version: 1;
  /** ISO time. */
  takenAt: string;
  /** The kube context name only, never a server URL or credentials. */
  context?: string;
  gateway: { namespace: string; name: string };
  service: { namespace: string; name: string; port: number };
  policies: SnapshotPolicy[];
  /** Without the server's dump handles; `lines` already redacted and carrying highlight flags. */
  replicas: ReplicaView[];
  note?: string;
}

// ---------------------------------------------------------------------------------------------
// Redaction

export const REDACTED = '[redacted]';

/**
 * Keys whose values (and everything under them) are key or certificate material, or paths to it:
 * Envoy's DataSource holders in a TLS context, and their BackendConfigPolicy spellings. Compared
 * without `_` and case, so `private_key` and `privateKey` are one entry.
 */
const SENSITIVE_KEYS = new Set([
  'privatekey',
  'password',
  'inlinebytes',
  'inlinestring',
  'certificatechain',
  'trustedca',
  'ocspstaple',
  'sessionticketkeys',
  'privatekeyprovider',
  'tlskey',
  'token',
  'bearertoken',
  'clientsecret',
  'apikey',
  'hmacsecret',
]);
const isSensitiveKey = (key: string) => SENSITIVE_KEYS.has(key.replace(/[_-]/g, '').toLowerCase());

/** Strings that are secrets wherever they appear: PEM blocks (also base64-encoded), JWTs, bearer tokens. */
const SECRET_PATTERNS = [
  /-----BEGIN[\s\S]*?(?:-----END[^-]*-----|$)/g,
  /LS0tLS1CRUdJT[A-Za-z0-9+/=]*/g, // base64 of "-----BEGIN", as protojson prints inline_bytes
  /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g,
  /\bBearer\s+[\w.~+/=-]{8,}/gi,
];
const looksSecret = (s: string) =>
  SECRET_PATTERNS.some((p) => {
    p.lastIndex = 0;
    return p.test(s);
  });

/** Free text (messages, notes) with each secret-shaped substring replaced. */
function redactText(s: string): string {
  return SECRET_PATTERNS.reduce((text, p) => text.replace(p, REDACTED), s);
}

/** A JSON value with the primitives under sensitive keys, and secret-shaped strings, redacted. */
function redactJson(v: Json, sensitive = false): Json {
  if (Array.isArray(v)) return v.map((x) => redactJson(x, sensitive));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactJson(x, sensitive || isSensitiveKey(k))]));
  }
  if (v === null) return v;
  return sensitive || (typeof v === 'string' && looksSecret(v)) ? REDACTED : v;
}

// One line of jsonLines output: indent, optional `"key": `, the rest, optional trailing comma.
const LINE = /^(\s*)("(?:[^"\\]|\\.)*"\s*:\s*)?(.*?)(,?)$/;

/**
 * A cluster slice with key material and secret-shaped values replaced by "[redacted]". Works line
 * by line, tracking the key path through the brackets, so the line count and every highlight flag
 * stay as they were: line numbers in a shared link still point at the same lines.
 */
export function redactLines(lines: JsonLine[]): JsonLine[] {
  // One entry per open object or array: whether it sits under a sensitive key.
  const stack: boolean[] = [];
  return lines.map((line) => {
    const m = LINE.exec(line.text);
    if (!m) return looksSecret(line.text) ? { ...line, text: redactText(line.text) } : line;
    const [, indent = '', keyPart = '', rest = '', comma = ''] = m;
    let key = '';
    try {
      key = keyPart ? String(JSON.parse(keyPart.replace(/\s*:\s*$/, ''))) : '';
    } catch {
      /* not a JSON key; treat as none */
    }
    const sensitive = (stack.at(-1) ?? false) || (key !== '' && isSensitiveKey(key));
    if (rest === '{' || rest === '[') {
      stack.push(sensitive);
      return line;
    }
    if (rest === '}' || rest === ']') {
      stack.pop();
      return line;
    }
    const primitive = rest !== '{}' && rest !== '[]' && rest !== 'null';
    if (primitive && (sensitive || looksSecret(rest))) return { ...line, text: `${indent}${keyPart}"${REDACTED}"${comma}` };
    // A secret-shaped key on a structural line: unlikely, but never let it through.
    return looksSecret(line.text) ? { ...line, text: redactText(line.text) } : line;
  });
}

// ---------------------------------------------------------------------------------------------
// Building

/** The object without its undefined keys, so a JSON round trip gives back an equal object. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A kube context name as given; should a server URL with userinfo arrive instead, without the userinfo. */
function safeContext(context: string | undefined): string | undefined {
  if (!context) return undefined;
  let name = context;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context)) {
    try {
      const url = new URL(context);
      url.username = '';
      url.password = '';
      name = url.toString();
    } catch {
      /* not a URL after all */
    }
  }
  return redactText(name);
}

function snapshotError(e: AppError): AppError {
  return clean({
    kind: e.kind,
    message: redactText(e.message),
    fieldErrors: e.fieldErrors && Object.fromEntries(Object.entries(e.fieldErrors).map(([k, v]) => [k, redactText(v)])),
    missingPermission: e.missingPermission,
  });
}

/** Only the fields a snapshot keeps: the server's dump handles mean nothing offline. */
function snapshotReplica(r: ReplicaView): ReplicaView {
  const verdict = (v: FieldVerdict): FieldVerdict =>
    clean({ field: v.field, envoyField: v.envoyField, asked: v.asked, expected: v.expected, actual: v.actual, verdict: v.verdict });
  const check = (c: FieldCheck & { from: string }): FieldCheck & { from: string } =>
    clean({
      field: c.field,
      asked: redactText(c.asked),
      envoyPath: c.envoyPath,
      expected: redactJson(c.expected),
      actual: c.actual === undefined ? undefined : redactJson(c.actual),
      verdict: c.verdict,
      from: c.from,
    });
  return clean({
    pod: r.pod,
    error: r.error && snapshotError(r.error),
    dumpBytes: r.dumpBytes,
    fetchedAt: r.fetchedAt,
    summary: r.summary && clean({ ...r.summary }),
    clusterName: r.clusterName,
    versionInfo: r.versionInfo,
    lastUpdated: r.lastUpdated,
    verdicts: r.verdicts?.map(verdict),
    fieldChecks: r.fieldChecks?.map(check),
    lines: r.lines && redactLines(r.lines),
  });
}

/**
 * The policy as `kubectl get -o yaml` would show what matters: no managedFields, no annotations
 * (last-applied-configuration repeats the spec and can hold anything), secrets in the spec
 * redacted. Status comes as each ancestor's conditions, the ancestor named as the dashboard names it.
 */
function policyYaml(p: PolicyDto): string {
  const status =
    p.ancestors.length === 0
      ? undefined
      : {
          ancestors: p.ancestors.map((a) => ({
            ancestor: a.ref,
            controllerName: a.controllerName,
            conditions: a.conditions.map((c) => clean({ ...c, message: c.message === undefined ? undefined : redactText(c.message) })),
          })),
        };
  return toYaml(
    clean({
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: { name: p.name, namespace: p.namespace, generation: p.generation, resourceVersion: p.resourceVersion },
      spec: redactJson(p.spec as Json),
      status,
    }),
  );
}

function snapshotPolicy(p: PolicyDto): SnapshotPolicy {
  return {
    name: p.name,
    yaml: policyYaml(p),
    generation: p.generation,
    resourceVersion: p.resourceVersion,
    conditions: p.ancestors.flatMap((a) =>
      a.conditions.map((c) =>
        clean({
          ancestor: a.ref,
          type: c.type,
          status: c.status,
          reason: c.reason,
          message: c.message === undefined ? undefined : redactText(c.message),
          observedGeneration: c.observedGeneration,
        }),
      ),
    ),
  };
}

export function buildSnapshot(input: {
  takenAt?: string;
  context?: string;
  gateway: { namespace: string; name: string };
  view: ServiceOnGatewayDto;
  /** The policies to show, normally those in `view.targeting`; kept in the order given. */
  policies: PolicyDto[];
  note?: string;
}): Snapshot {
  const { view } = input;
  return clean({
    kind: SNAPSHOT_KIND,
    version: 1,
    takenAt: input.takenAt ?? new Date().toISOString(),
    context: safeContext(input.context),
    gateway: { namespace: input.gateway.namespace, name: input.gateway.name },
    service: { namespace: view.service.namespace, name: view.service.name, port: view.service.port },
    policies: input.policies.map(snapshotPolicy),
    replicas: view.replicas.map(snapshotReplica),
    note: input.note ? redactText(input.note) : undefined,
  });
}

// ---------------------------------------------------------------------------------------------
// JSON

export function snapshotToJson(s: Snapshot): string {
  return `${JSON.stringify(s, null, 1)}\n`;
}

// ---------------------------------------------------------------------------------------------
// HTML

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
    r.summary && `${r.summary.clusters} clusters, ${r.summary.listeners} listeners`,
    r.clusterName ? `cluster ${r.clusterName}` : !r.error && 'no cluster for this Service port',
    r.versionInfo && `version_info ${r.versionInfo}`,
    r.lastUpdated && `last updated ${r.lastUpdated}`,
    r.dumpBytes !== undefined && `dump ${formatBytes(r.dumpBytes)}`,
    r.fetchedAt && `fetched ${r.fetchedAt}`,
  ].filter((x): x is string => typeof x === 'string' && x !== '');
  return parts.join(' · ');
}

function verdictTable(r: ReplicaView): string {
  const rows = [
    ...(r.verdicts ?? []).map(
      (v) =>
        `<tr><td>tcpKeepalive.${esc(v.field)}<br><code>tcp_keepalive.${esc(v.envoyField)}</code></td>${cell(
          v.asked ?? 'not set',
        )}${cell(v.expected === undefined ? 'not set' : String(v.expected))}${cell(
          v.actual === undefined ? 'not set' : String(v.actual),
        )}${verdictCell(v.verdict)}</tr>`,
    ),
    ...(r.fieldChecks ?? []).map(
      (c) =>
        `<tr><td>${esc(c.field)} <span class="muted">(${esc(c.from)})</span><br><code>${esc(c.envoyPath.join('.'))}</code></td>${cell(
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

// ---------------------------------------------------------------------------------------------
// Parsing

const str = z.string();
const verdictSchema = z.enum(['in effect', 'different', 'cluster missing', 'not yet']);
const ERROR_KINDS = Object.keys(errorTitles) as [ErrorKind, ...ErrorKind[]];

const replicaSchema = z.object({
  pod: str,
  error: z
    .object({
      kind: z.enum(ERROR_KINDS),
      message: str,
      fieldErrors: z.record(str, str).optional(),
      missingPermission: str.optional(),
    })
    .optional(),
  dumpBytes: z.number().optional(),
  fetchedAt: str.optional(),
  summary: z
    .object({
      envoyVersion: str.optional(),
      nodeId: str.optional(),
      clusters: z.number(),
      listeners: z.number(),
      routeConfigs: z.number(),
      endpointConfigs: z.number(),
    })
    .optional(),
  clusterName: str.optional(),
  versionInfo: str.optional(),
  lastUpdated: str.optional(),
  verdicts: z
    .array(
      z.object({
        field: z.enum(['keepAliveProbes', 'keepAliveTime', 'keepAliveInterval']),
        envoyField: z.enum(['keepalive_probes', 'keepalive_time', 'keepalive_interval']),
        asked: str.optional(),
        expected: z.number().optional(),
        actual: z.number().optional(),
        verdict: verdictSchema,
      }),
    )
    .optional(),
  fieldChecks: z
    .array(
      z.object({
        field: str,
        asked: str,
        envoyPath: z.array(str),
        expected: z.json(),
        actual: z.json().optional(),
        verdict: verdictSchema,
        from: str,
      }),
    )
    .optional(),
  lines: z.array(z.object({ text: str, highlight: z.boolean() })).optional(),
});

const snapshotSchema = z.object({
  kind: z.literal(SNAPSHOT_KIND),
  version: z.literal(1),
  takenAt: str,
  context: str.optional(),
  gateway: z.object({ namespace: str, name: str }),
  service: z.object({ namespace: str, name: str, port: z.number().int() }),
  policies: z.array(
    z.object({
      name: str,
      yaml: str,
      generation: z.number().optional(),
      resourceVersion: str.optional(),
      conditions: z.array(
        z.object({
          ancestor: str,
          type: str,
          status: str,
          reason: str.optional(),
          message: str.optional(),
          observedGeneration: z.number().optional(),
        }),
      ),
    }),
  ),
  replicas: z.array(replicaSchema),
  note: str.optional(),
}) satisfies z.ZodType<Snapshot>;

export const NOT_A_SNAPSHOT = 'This file is not a dashboard snapshot (JSON or HTML).';

const EMBEDDED = new RegExp(`<script\\b[^>]*\\bid\\s*=\\s*["']?${SNAPSHOT_KIND}["']?[^>]*>([\\s\\S]*?)</script\\s*>`, 'i');

/** `replicas[0].lines[3].text` from a zod issue path. */
const issuePath = (path: PropertyKey[]) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || '(top level)';

/** A snapshot from a saved JSON file, or from the JSON a saved HTML file embeds. */
export function parseSnapshot(text: string): { ok: true; value: Snapshot } | { ok: false; error: string } {
  const body = text.replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    const embedded = EMBEDDED.exec(body);
    if (!embedded) return { ok: false, error: NOT_A_SNAPSHOT };
    try {
      raw = JSON.parse(embedded[1]!);
    } catch (e) {
      return { ok: false, error: `The snapshot inside this HTML file is damaged: its JSON does not parse (${(e as Error).message}).` };
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: NOT_A_SNAPSHOT };
  const { kind, version } = raw as { kind?: unknown; version?: unknown };
  if (kind !== SNAPSHOT_KIND) {
    return {
      ok: false,
      error:
        typeof kind === 'string'
          ? `This file is not a dashboard snapshot: its kind is "${kind}", not "${SNAPSHOT_KIND}".`
          : `This JSON file is not a dashboard snapshot: it has no kind "${SNAPSHOT_KIND}".`,
    };
  }
  if (version !== 1) {
    const newer = typeof version === 'number' && version > 1 ? ' It was saved by a newer dashboard: open it there.' : '';
    return {
      ok: false,
      error: `Unsupported snapshot version ${JSON.stringify(version) ?? '(none)'}: this dashboard reads version 1.${newer}`,
    };
  }
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `This snapshot is damaged: ${issuePath(issue.path)} is missing or invalid (${issue.message}).` };
  }
  return { ok: true, value: parsed.data };
}

// ---------------------------------------------------------------------------------------------
// File names

/** `snapshot-httpbin-httpbin-8000-2026-11-27T16-40-00Z.html`: only letters, digits, `.`, `_` and `-`. */
export function snapshotFileName(s: Snapshot, ext: 'json' | 'html'): string {
  const time = Date.parse(s.takenAt);
  const stamp = Number.isNaN(time) ? s.takenAt : new Date(time).toISOString().replace(/\.\d+Z$/, 'Z');
  const safe = (x: string | number) =>
    String(x)
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[.-]+|-+$/g, '');
  return `snapshot-${[s.service.namespace, s.service.name, s.service.port, stamp.replace(/:/g, '-')].map(safe).filter(Boolean).join('-')}.${ext}`;
}
