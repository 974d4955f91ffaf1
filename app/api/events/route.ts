import { z } from 'zod';
import { guideQuery } from '@/lib/guide';
import { isKnownContext } from '@/lib/k8s/client';
import { followSession } from '@/lib/walkthrough-hub';
import { subscribe, WATCHED_KINDS, type HubEvent, type WatchedKind } from '@/lib/k8s/watch-hub';

// GET only: Server-Sent Events of cluster changes for one browser tab. The watches behind it are
// shared by every tab (lib/k8s/watch-hub.ts); a tab only adds a listener. EventSource reconnects
// by itself when this stream drops.

/** Also the browser's proof that the stream is alive: it reconnects after two missed beats. */
const HEARTBEAT_MS = 5_000;

export async function GET(request: Request) {
  const query = new URL(request.url).searchParams;
  const context = query.get('context') || undefined;
  if (context && !isKnownContext(context)) return Response.json({ error: `Unknown context "${context}"` }, { status: 400 });
  const asked = (query.get('kinds') ?? WATCHED_KINDS.join(',')).split(',');
  const kinds = asked.filter((k): k is WatchedKind => (WATCHED_KINDS as readonly string[]).includes(k));
  if (kinds.length === 0) return Response.json({ error: `kinds must name some of ${WATCHED_KINDS.join(', ')}` }, { status: 400 });

  // A follower's tab also receives the presenter's position on the same stream: one connection
  // per tab, since browsers allow six per server over HTTP/1.1.
  const follow = query.get('follow');
  if (follow && !z.uuid().safeParse(follow).success) return Response.json({ error: 'Not a walkthrough id.' }, { status: 400 });
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const unwatch = subscribe(context, kinds, (e: HubEvent) => send(`data: ${JSON.stringify(e)}\n\n`));
      const unfollow = follow
        ? followSession(follow, (s) => send(`data: ${JSON.stringify({ type: 'walkthrough', query: guideQuery(s) })}\n\n`))
        : () => {};
      const unsubscribe = () => {
        unwatch();
        unfollow();
      };
      const heartbeat = setInterval(() => send('data: {"type":"heartbeat"}\n\n'), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        cleanup = () => {};
      };
      request.signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      });
      send('retry: 2000\n\n');
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store, no-transform', connection: 'keep-alive' },
  });
}
