import { invalidArgs, objectRefArgs } from '@/lib/http/args';
import { jsonError, jsonResult } from '@/lib/http/respond';
import { getSession } from '@/lib/k8s/session';
import { verifyPolicy } from '@/lib/k8s/verify';

// GET only: one round of "is the policy in effect on every replica of every Gateway?". The page
// asks again (a query with a refetch interval) until all agree; reads never queue behind writes.
export async function GET(request: Request, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const p = objectRefArgs.safeParse(await ctx.params);
  if (!p.success) return jsonError(invalidArgs(p.error));
  return jsonResult(await verifyPolicy(session.value, p.data.namespace, p.data.name, request.signal));
}
