import { jsonLines, POLICY_PATHS } from '@/lib/envoy/cluster-view';
import { ConfigDumpError } from '@/lib/envoy/config-dump';
import { listSection, SECTION_KINDS, sliceOf, type SectionKind } from '@/lib/envoy/sections';
import { previousDump, storedDump } from '@/lib/k8s/dump-store';

// GET only: a dump the server fetched earlier, by its id. The browser asks for what it shows —
// the summary, a page of names, one resource — and gets the whole text only with part=raw.

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const query = new URL(request.url).searchParams;
  const stored = storedDump(id);
  if (!stored) {
    return Response.json(
      { error: 'This dump is no longer kept by the server (it keeps the newest ones, up to DASHBOARD_DUMP_KEEP_MB). Fetch it again.' },
      { status: 404 },
    );
  }
  const part = query.get('part') ?? 'summary';
  const headers = { 'cache-control': 'no-store' };
  if (part === 'raw') {
    return new Response(new Uint8Array(stored.raw.buffer as ArrayBuffer, stored.raw.byteOffset, stored.raw.length), {
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(stored.raw.length),
        ...(query.has('download') && { 'content-disposition': `attachment; filename="config_dump-${stored.pod}.json"` }),
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
  const kind = query.get('kind') as SectionKind;
  if (!SECTION_KINDS.includes(kind)) return Response.json({ error: `kind must be one of ${SECTION_KINDS.join(', ')}` }, { status: 400 });
  try {
    if (part === 'index') {
      const limit = Math.min(Math.max(Number(query.get('limit')) || 200, 1), 1000);
      return Response.json(listSection(stored.dump, kind, query.get('q') ?? '', limit), { headers });
    }
    if (part === 'slice') {
      const name = query.get('name') ?? '';
      const slice = sliceOf(stored.dump, kind, name);
      if (!slice) return Response.json({ error: `No ${kind.replace(/s$/, '')} named "${name}" in this dump.` }, { status: 404 });
      return Response.json({ entry: slice.entry, lines: jsonLines(slice.body, kind === 'clusters' ? POLICY_PATHS : []) }, { headers });
    }
  } catch (e) {
    if (e instanceof ConfigDumpError) return Response.json({ error: e.message }, { status: 422 });
    throw e;
  }
  return Response.json({ error: 'part must be summary, index, slice or raw' }, { status: 400 });
}
