import { invalidArgs, objectRefArgs, parseQuery, podArg } from '@/lib/http/args';
import { jsonError } from '@/lib/http/respond';
import { readDump } from '@/lib/k8s/dump-fetch';
import { proxyPods } from '@/lib/k8s/gateways';
import { getSession } from '@/lib/k8s/session';

// GET only: reads one replica's dump again and answers with the id the server keeps it under
// (an old link to a dump the server dropped). The pod must be one of this Gateway's pods as the
// API lists them; nothing else is dialled. The whole text is then served by /api/dumps/<id>.

const query = { pod: podArg };

export async function GET(request: Request, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const p = objectRefArgs.safeParse(await ctx.params);
  const q = parseQuery(query, new URL(request.url).searchParams);
  if (!p.success) return jsonError(invalidArgs(p.error));
  if (!q.success || !q.data.pod) return jsonError(q.success ? { kind: 'invalid', message: 'Give pod=<name>.' } : invalidArgs(q.error));
  const { namespace, name } = p.data;
  const pod = q.data.pod;
  const pods = await proxyPods(session.value, namespace, name);
  if (!pods.ok) return jsonError(pods.error);
  if (!pods.value.some((x) => x.name === pod)) {
    return jsonError({ kind: 'not_found', message: `${pod} is not a proxy pod of Gateway ${namespace}/${name}.` });
  }
  const kept = await readDump(session.value, { namespace, gateway: name, pod }, { signal: request.signal });
  return kept.ok
    ? Response.json({ ok: true, value: { id: kept.value.id } }, { headers: { 'cache-control': 'no-store' } })
    : jsonError(kept.error);
}
