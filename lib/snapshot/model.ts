import type { PolicyDto, ReplicaView, ServiceOnGatewayDto } from '@/lib/wire/dto';
import type { Json } from '@/lib/envoy/config-dump';
import type { FieldCheck } from '@/lib/envoy/field-verdicts';
import type { AppError } from '@/lib/wire/errors';
import { API_VERSION, KIND } from '@/lib/policy/model';
import { toYaml } from '@/lib/policy/yaml';
import { redactJson, redactLines, redactText } from './redact';

// A snapshot: one Service on one Gateway as the team walked through it, saved as a file. Two forms:
// JSON the dashboard reopens (here), and one self-contained HTML page that carries the same JSON
// (html.ts); parse.ts reads either back. Nothing in a snapshot may hold a secret: everything taken
// from the page goes through redact.ts on the way in. Pure, and safe in the browser.

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
    readBytes: r.readBytes,
    fetchedAt: r.fetchedAt,
    summary: r.summary && clean({ ...r.summary }),
    clusterName: r.clusterName,
    versionInfo: r.versionInfo,
    lastUpdated: r.lastUpdated,
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

export function snapshotToJson(s: Snapshot): string {
  return `${JSON.stringify(s, null, 1)}\n`;
}

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
