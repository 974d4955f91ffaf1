import { isKnownContext } from '@/lib/k8s/client';
import { fetchConfigDump } from '@/lib/k8s/config-dump';
import { proxyPods } from '@/lib/k8s/gateways';
import { keepRawDump } from '@/lib/k8s/dump-store';

// GET only: downloads one replica's raw config dump, for the user who asks for the whole file.
// The pod must be one of this Gateway's pods as the API lists them; nothing else is dialled.
export async function GET(request: Request, { params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  const query = new URL(request.url).searchParams;
  const context = query.get('context') ?? undefined;
  const pod = query.get('pod') ?? '';
  if (context && !isKnownContext(context)) return Response.json({ error: `Unknown context "${context}"` }, { status: 400 });
  const pods = await proxyPods(context, namespace, name);
  if (!pods.ok) return Response.json({ error: pods.error.message }, { status: 502 });
  if (!pods.value.some((p) => p.name === pod)) {
    return Response.json({ error: `${pod || '(no pod)'} is not a proxy pod of Gateway ${namespace}/${name}` }, { status: 404 });
  }
  const dump = await fetchConfigDump(context, namespace, pod);
  if (!dump.ok) return Response.json({ error: dump.error.message }, { status: dump.error.kind === 'forbidden' ? 403 : 502 });
  if (query.has('keep')) {
    // Keep it for slices and answer with its id (an old link to a dump the server dropped).
    const kept = keepRawDump({ context, namespace, gateway: name, pod }, dump.value);
    return kept.ok ? Response.json({ id: kept.value.id }) : Response.json({ error: kept.error.message }, { status: 502 });
  }
  return new Response(new Uint8Array(dump.value), {
    headers: {
      'content-type': 'application/json',
      'content-disposition': `attachment; filename="config_dump-${pod}.json"`,
      'cache-control': 'no-store',
    },
  });
}
