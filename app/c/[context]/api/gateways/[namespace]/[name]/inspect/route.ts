import type { InspectEvent } from '@/lib/inspect/events';
import { invalidArgs, objectRefArgs, parseQuery, podArg, portArg, serviceRefArg } from '@/lib/http/args';
import { jsonError } from '@/lib/http/respond';
import { inspectServiceOnGateway } from '@/lib/k8s/gateway-inspect';
import { getSession } from '@/lib/k8s/session';

// GET only (a read): one Service port as every replica of a Gateway sees it. The answer is a
// stream of newline-delimited JSON events: bytes received per replica while its answers arrive,
// then the result; when the replicas' sync state came later than their clusters, a second result
// with it (the page shows the cluster first).

const PROGRESS_EVERY_MS = 100;
const query = { service: serviceRefArg, port: portArg, pod: podArg.optional() };

export async function GET(request: Request, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const p = objectRefArgs.safeParse(await ctx.params);
  if (!p.success) return jsonError(invalidArgs(p.error));
  const q = parseQuery(query, new URL(request.url).searchParams);
  if (!q.success) return jsonError(invalidArgs(q.error));
  if (!q.data.service || q.data.port === undefined) {
    return jsonError({ kind: 'invalid', message: 'Give service=<namespace>/<name> and a port between 1 and 65535.' });
  }
  const service = { ...q.data.service, port: q.data.port };
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      // A closed tab aborts the request: the port-forwards stop instead of reading on.
      const send = (e: InspectEvent) => {
        if (!request.signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(e)}\n`));
      };
      const last = new Map<string, number>();
      const onProgress = (from: string, bytes: number) => {
        const now = Date.now();
        if (now - (last.get(from) ?? 0) < PROGRESS_EVERY_MS) return;
        last.set(from, now);
        send({ type: 'progress', pod: from, bytes });
      };
      const result = await inspectServiceOnGateway(session.value, p.data, service, {
        onProgress,
        signal: request.signal,
        onlyPod: q.data.pod,
      });
      send({ type: 'result', result: result.ok ? { ok: true, value: result.value.view } : result });
      // The sync state came later than the clusters: the same view again, with it and its findings.
      if (result.ok && result.value.complete) {
        const complete = await result.value.complete.then(
          (value) => ({ ok: true, value }) as const,
          () => undefined,
        );
        if (complete) send({ type: 'result', result: complete });
      }
      if (!request.signal.aborted) controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' } });
}
