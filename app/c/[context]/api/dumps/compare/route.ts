import { compareDumps } from '@/lib/envoy/compare';
import { invalidArgs, parseQuery, uuidArg } from '@/lib/http/args';
import { jsonError } from '@/lib/http/respond';
import { storedDump } from '@/lib/k8s/dump-store';
import { getSession } from '@/lib/k8s/session';

// GET only: two dumps the server keeps (one pod before and after an apply, or two replicas),
// compared cluster by cluster. Only the differences travel to the browser.
export async function GET(request: Request) {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const q = parseQuery({ left: uuidArg, right: uuidArg }, new URL(request.url).searchParams);
  if (!q.success) return jsonError(invalidArgs(q.error));
  const [left, right] = [storedDump(q.data.left, session.value.context), storedDump(q.data.right, session.value.context)];
  if (!left || !right) {
    return jsonError({ kind: 'not_found', message: 'One of the two dumps is no longer kept by the server. Fetch again, then compare.' });
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
