import { compareDumps } from '@/lib/envoy/compare';
import { storedDump } from '@/lib/k8s/dump-store';

// GET only: two dumps the server keeps (one pod before and after an apply, or two replicas),
// compared cluster by cluster. Only the differences travel to the browser.
export async function GET(request: Request) {
  const query = new URL(request.url).searchParams;
  const [left, right] = [storedDump(query.get('left') ?? ''), storedDump(query.get('right') ?? '')];
  if (!left || !right) {
    return Response.json({ error: 'One of the two dumps is no longer kept by the server. Fetch again, then compare.' }, { status: 404 });
  }
  return Response.json(
    {
      left: { pod: left.pod, fetchedAt: left.fetchedAt },
      right: { pod: right.pod, fetchedAt: right.fetchedAt },
      comparison: compareDumps(left.dump, right.dump),
    },
    { headers: { 'cache-control': 'no-store' } },
  );
}
