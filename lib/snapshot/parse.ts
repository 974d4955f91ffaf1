import { z } from 'zod';
import { errorTitles, type ErrorKind } from '@/lib/wire/errors';
import { SNAPSHOT_KIND, type Snapshot } from './model';

// Reading a saved snapshot back, from its JSON or from the JSON its HTML page embeds, with a message
// that says what is wrong with a file that is not one. Pure.

const str = z.string();
const verdictSchema = z.enum(['in effect', 'different', 'cluster missing', 'not yet']);
const ERROR_KINDS = Object.keys(errorTitles) as [ErrorKind, ...ErrorKind[]];

const replicaSchema = z
  .object({
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
    readBytes: z.number().optional(),
    fetchedAt: str.optional(),
    summary: z
      .object({
        envoyVersion: str.optional(),
        nodeId: str.optional(),
        clusters: z.number().optional(),
        warmingClusters: z.number().optional(),
        listeners: z.number().optional(),
        // In snapshots saved before views read just their clusters.
        routeConfigs: z.number().optional(),
        endpointConfigs: z.number().optional(),
      })
      .optional(),
    clusterName: str.optional(),
    versionInfo: str.optional(),
    lastUpdated: str.optional(),
    // Snapshots saved before keepalive joined the one verdict engine: read into fieldChecks below.
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
  })
  .transform(({ verdicts, ...r }) =>
    verdicts
      ? {
          ...r,
          fieldChecks: [
            // The fields the old keepalive table showed: only those a policy asked for.
            ...verdicts
              .filter((v) => v.asked !== undefined)
              .map((v) => ({
                field: `tcpKeepalive.${v.field}`,
                asked: v.asked!,
                envoyPath: ['upstream_connection_options', 'tcp_keepalive', v.envoyField],
                expected: v.expected ?? 0,
                ...(v.actual !== undefined && { actual: v.actual }),
                verdict: v.verdict,
                from: '',
              })),
            ...(r.fieldChecks ?? []),
          ],
        }
      : r,
  );

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
