import { cookies } from 'next/headers';
import { z } from 'zod';
import { guideQuery } from '@/lib/guide/walkthrough';
import { BROWSER_COOKIE } from '@/lib/http/boundary';
import { invalidArgs, parseQuery, uuidArg } from '@/lib/http/args';
import { jsonError } from '@/lib/http/respond';
import { takeStreamSlot } from '@/lib/hubs/streams';
import { follow as followWalkthrough } from '@/lib/hubs/walkthrough-store';
import { getSession } from '@/lib/k8s/session';
import { subscribe, WATCHED_KINDS, type HubEvent, type WatchedKind } from '@/lib/k8s/watch-hub';

// GET only: Server-Sent Events of cluster changes for one browser tab. The watches behind it are
// shared by every tab (lib/k8s/watch-hub.ts); a tab only adds a listener. EventSource reconnects
// by itself when this stream drops. Streams are capped per browser and in all (lib/hubs/streams.ts).

/** Also the browser's proof that the stream is alive: it reconnects after two missed beats. */
const HEARTBEAT_MS = 5_000;
/** Events a client may leave unread before its stream is closed. */
const UNREAD_EVENTS = 256;

const args = {
  kinds: z
    .string()
    .max(200)
    .transform((v) => [...new Set(v.split(','))])
    .pipe(z.array(z.enum(WATCHED_KINDS)).min(1, `name some of ${WATCHED_KINDS.join(', ')}`))
    .optional(),
  follow: uuidArg.optional(),
};

const sse = (e: unknown) => `data: ${JSON.stringify(e)}\n\n`;

export async function GET(request: Request) {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const parsed = parseQuery(args, new URL(request.url).searchParams);
  if (!parsed.success) return jsonError(invalidArgs(parsed.error));
  const kinds: WatchedKind[] = parsed.data.kinds ?? [...WATCHED_KINDS];
  const follow = parsed.data.follow;
  const slot = takeStreamSlot((await cookies()).get(BROWSER_COOKIE)?.value ?? 'no-cookie');
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        // A client that keeps the stream open but does not read gets it closed, not buffered.
        if ((controller.desiredSize ?? 0) < -UNREAD_EVENTS) return stop();
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const stop = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      if (!slot.ok || request.signal.aborted) {
        // Said once, then closed; the page shows it and tries again much later.
        if (!slot.ok) send(`retry: 30000\n\n${sse({ type: 'capped', message: slot.message })}`);
        else slot.release();
        controller.close();
        return;
      }
      const offs: (() => void)[] = [() => slot.release()];
      cleanup = () => {
        offs.splice(0).forEach((off) => off());
        cleanup = () => {};
      };
      try {
        offs.push(subscribe(session.value, kinds, (e: HubEvent) => send(sse(e))));
        // A follower's tab also receives the presenter's position on the same stream: one
        // connection per tab, since browsers allow six per server over HTTP/1.1.
        const unfollow = follow ? followWalkthrough(follow, (s) => send(sse({ type: 'walkthrough', query: guideQuery(s) }))) : () => {};
        if (typeof unfollow === 'string') send(sse({ type: 'capped', message: unfollow }));
        else offs.push(unfollow);
        const heartbeat = setInterval(() => send(sse({ type: 'heartbeat' })), HEARTBEAT_MS);
        offs.push(() => clearInterval(heartbeat));
      } catch (e) {
        cleanup();
        throw e;
      }
      request.signal.addEventListener('abort', stop, { once: true });
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
