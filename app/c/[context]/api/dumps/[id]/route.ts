import { z } from 'zod';
import { jsonLines, POLICY_PATHS } from '@/lib/envoy/cluster-view';
import { ConfigDumpError } from '@/lib/envoy/config-dump';
import { listSection, SECTION_KINDS, sliceOf } from '@/lib/envoy/sections';
import { invalidArgs, parseQuery, uuidArg } from '@/lib/http/args';
import { jsonError } from '@/lib/http/respond';
import { previousDump, storedDump } from '@/lib/k8s/dump-store';
import { getSession } from '@/lib/k8s/session';

// GET only: a dump the server fetched earlier, by its id, for the cluster it was read from. The
// browser asks for what it shows — the summary, a page of names, one resource — and gets the
// whole text only with part=raw.

const query = {
  part: z.enum(['summary', 'index', 'slice', 'raw']).default('summary'),
  kind: z.enum(SECTION_KINDS).default('clusters'),
  q: z.string().max(256).default(''),
  name: z.string().max(1024).default(''),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  download: z.string().max(8).optional(),
};
const headers = { 'cache-control': 'no-store' };

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const id = uuidArg.safeParse((await ctx.params).id);
  if (!id.success) return jsonError(invalidArgs(id.error));
  const q = parseQuery(query, new URL(request.url).searchParams);
  if (!q.success) return jsonError(invalidArgs(q.error));
  const stored = storedDump(id.data, session.value.context);
  if (!stored) {
    return jsonError({
      kind: 'not_found',
      message: 'This dump is no longer kept by the server (it keeps the newest ones, up to DASHBOARD_DUMP_KEEP_MB). Fetch it again.',
    });
  }
  const { part, kind, name } = q.data;
  if (part === 'raw') {
    return new Response(new Uint8Array(stored.raw.buffer as ArrayBuffer, stored.raw.byteOffset, stored.raw.length), {
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(stored.raw.length),
        ...(q.data.download !== undefined && { 'content-disposition': `attachment; filename="config_dump-${stored.pod}.json"` }),
      },
    });
  }
  if (part === 'summary') {
    const { id: dumpId, context, namespace, gateway, pod, fetchedAt, summary } = stored;
    return Response.json(
      { id: dumpId, context, namespace, gateway, pod, fetchedAt, summary, bytes: stored.raw.length, previousId: previousDump(stored)?.id },
      { headers },
    );
  }
  try {
    if (part === 'index') return Response.json(listSection(stored.dump, kind, q.data.q, q.data.limit), { headers });
    const slice = sliceOf(stored.dump, kind, name);
    if (!slice) return jsonError({ kind: 'not_found', message: `No ${kind.replace(/s$/, '')} named "${name}" in this dump.` });
    return Response.json({ entry: slice.entry, lines: jsonLines(slice.body, kind === 'clusters' ? POLICY_PATHS : []) }, { headers });
  } catch (e) {
    if (e instanceof ConfigDumpError) return jsonError({ kind: 'invalid', message: e.message });
    throw e;
  }
}
