import { invalidArgs, objectRefArgs } from '@/lib/http/args';
import { jsonError, jsonResult } from '@/lib/http/respond';
import { getPolicy } from '@/lib/k8s/policies';
import { getSession } from '@/lib/k8s/session';

// GET only: the form polls this to follow a policy's status after an apply.
export async function GET(_request: Request, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const p = objectRefArgs.safeParse(await ctx.params);
  if (!p.success) return jsonError(invalidArgs(p.error));
  return jsonResult(await getPolicy(session.value, p.data.namespace, p.data.name));
}
