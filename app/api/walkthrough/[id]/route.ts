import { z } from 'zod';
import { guideQuery } from '@/lib/guide';
import { followSession } from '@/lib/walkthrough-hub';

// GET only: Server-Sent Events with the presenter's position in a live walkthrough, as the query
// of a guide link. Followers' pages navigate to it.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) return Response.json({ error: 'Not a walkthrough id.' }, { status: 400 });
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => { try { controller.enqueue(encoder.encode(text)); } catch { stop(); } };
      const off = followSession(id, (s) => send(`data: ${JSON.stringify({ query: guideQuery(s) })}\n\n`));
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), 15_000);
      stop = () => { clearInterval(heartbeat); off(); stop = () => {}; };
      request.signal.addEventListener('abort', () => { stop(); try { controller.close(); } catch { /* closed */ } });
      send('retry: 2000\n\n');
    },
    cancel() { stop(); },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store, no-transform' } });
}
