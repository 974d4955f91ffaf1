import { invalidArgs, objectRefArgs, parseQuery, podArg } from '@/lib/http/args';
import { jsonError } from '@/lib/http/respond';
import { z } from 'zod';
import { CONFIG_DUMP_PATH, ENVOY_ADMIN_PORT, streamPodAdmin, WHOLE_DUMP_ANSWER_MS, WHOLE_DUMP_TIMEOUT_MS } from '@/lib/k8s/config-dump';
import { readDump } from '@/lib/k8s/dump-fetch';
import { proxyPods } from '@/lib/k8s/gateways';
import { getSession } from '@/lib/k8s/session';

// GET only: reads one replica's whole dump and answers with the id the server keeps it under, for
// the dump browser (a cluster view reads only its clusters; an old link's dump may be gone). With
// `download`, the whole dump is streamed from Envoy to the browser instead, never held by the
// server. The pod must be one of this Gateway's pods as the API lists them; nothing else is dialled.

const query = { pod: podArg, download: z.literal('1').optional() };

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
  if (q.data.download) {
    const body = await streamPodAdmin(
      session.value,
      namespace,
      pod,
      { port: ENVOY_ADMIN_PORT, method: 'POST', path: CONFIG_DUMP_PATH },
      { signal: request.signal, answerMs: WHOLE_DUMP_ANSWER_MS, timeoutMs: WHOLE_DUMP_TIMEOUT_MS },
    );
    if (!body.ok) return jsonError(body.error);
    return new Response(body.value, {
      headers: {
        'content-type': 'application/json',
        'content-disposition': `attachment; filename="config_dump-${pod}.json"`,
        'cache-control': 'no-store',
      },
    });
  }
  const kept = await readDump(session.value, { namespace, gateway: name, pod }, { signal: request.signal });
  return kept.ok
    ? Response.json({ ok: true, value: { id: kept.value.id } }, { headers: { 'cache-control': 'no-store' } })
    : jsonError(kept.error);
}
