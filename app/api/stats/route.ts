import { forwardStats } from '@/lib/k8s/config-dump';
import { readsInFlight } from '@/lib/k8s/dump-fetch';
import { dumpStats } from '@/lib/k8s/dump-store';
import { watchStats } from '@/lib/k8s/watch-hub';
import { streamStats } from '@/lib/hubs/streams';
import { walkthroughStats } from '@/lib/hubs/walkthroughs';

// GET only: what this process holds right now, against each of its bounds — port-forwards, kept
// and downloading dumps, event streams, walkthroughs, shared watches, open sockets. Counts and
// the contexts watched; no names of objects, no credentials. For operators, and for the tests of the bounds.
export function GET() {
  const handles = process.getActiveResourcesInfo().reduce<Record<string, number>>((n, kind) => ({ ...n, [kind]: (n[kind] ?? 0) + 1 }), {});
  return Response.json(
    {
      forwards: forwardStats(),
      dumpReads: readsInFlight(),
      dumps: dumpStats(),
      streams: streamStats(),
      walkthroughs: walkthroughStats(),
      watches: watchStats(),
      handles,
    },
    { headers: { 'cache-control': 'no-store' } },
  );
}
