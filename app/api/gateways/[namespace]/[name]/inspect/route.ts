import { isKnownContext } from '@/lib/k8s/client';
import { inspectServiceOnGateway } from '@/lib/k8s/gateway-inspect';
import type { InspectEvent } from '@/lib/inspect-events';

// GET only (a read): one Service port as every replica of a Gateway sees it. The answer is a
// stream of newline-delimited JSON events — bytes received per replica while the dumps download,
// then the result — so the page can show progress on dumps of hundreds of megabytes.

const PROGRESS_EVERY_MS = 100;

export async function GET(request: Request, { params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  const query = new URL(request.url).searchParams;
  const context = query.get('context') ?? undefined;
  const [svcNs, svcName, extra] = (query.get('service') ?? '').split('/');
  const port = Number(query.get('port'));
  const pod = query.get('pod') || undefined; // one replica only; it must be one of the Gateway's pods
  if (context && !isKnownContext(context)) return Response.json({ error: `Unknown context "${context}"` }, { status: 400 });
  if (!svcNs || !svcName || extra !== undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    return Response.json({ error: 'Give service=<namespace>/<name> and a port between 1 and 65535.' }, { status: 400 });
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      // A closed tab aborts the request: the port-forwards stop instead of reading on.
      const send = (e: InspectEvent) => {
        if (!request.signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(e)}\n`));
      };
      const last = new Map<string, number>();
      const result = await inspectServiceOnGateway(
        context,
        { namespace, name },
        { namespace: svcNs, name: svcName, port },
        (from, bytes) => {
          const now = Date.now();
          if (now - (last.get(from) ?? 0) < PROGRESS_EVERY_MS) return;
          last.set(from, now);
          send({ type: 'progress', pod: from, bytes });
        },
        request.signal,
        pod,
      );
      send({ type: 'result', result });
      if (!request.signal.aborted) controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' } });
}
