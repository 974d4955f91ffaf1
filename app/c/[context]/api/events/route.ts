import { cookies } from 'next/headers';
import { z } from 'zod';
import { guideQuery } from '@/lib/guide/walkthrough';
import { BROWSER_COOKIE } from '@/lib/http/boundary';
import { invalidArgs, parseQuery, uuidArg } from '@/lib/http/args';
import { jsonError } from '@/lib/http/respond';
import { takeStreamSlot } from '@/lib/hubs/streams';
import { followSession, TOO_MANY } from '@/lib/hubs/walkthroughs';
import { getSession } from '@/lib/k8s/session';
import { subscribe, WATCHED_KINDS, type HubEvent, type WatchedKind } from '@/lib/k8s/watch-hub';

// GET only: Server-Sent Events of cluster changes for one browser tab. The watches behind it are
// shared by every tab (lib/k8s/watch-hub.ts); a tab only adds a listener. EventSource reconnects
// by itself when this stream drops. Streams are capped per browser and in all (lib/hubs/streams.ts).

/** Also the browser's proof that the stream is alive: it reconnects after two missed beats. */
const HEARTBEAT_MS = 5_000;

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
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      if (!slot.ok) {
        // Said once, then closed; the page shows it and tries again much later.
        send(`retry: 30000\n\n${sse({ type: 'capped', message: slot.message })}`);
        controller.close();
        return;
      }
      const unwatch = subscribe(session.value, kinds, (e: HubEvent) => send(sse(e)));
      // A follower's tab also receives the presenter's position on the same stream: one connection
      // per tab, since browsers allow six per server over HTTP/1.1.
      const unfollow = follow ? followSession(follow, (s) => send(sse({ type: 'walkthrough', query: guideQuery(s) }))) : () => {};
      if (!unfollow) send(sse({ type: 'capped', message: TOO_MANY }));
      const heartbeat = setInterval(() => send(sse({ type: 'heartbeat' })), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unwatch();
        unfollow?.();
        slot.release();
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
