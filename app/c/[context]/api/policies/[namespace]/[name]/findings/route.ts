import { invalidArgs, objectRefArgs } from '@/lib/http/args';
import { jsonError } from '@/lib/http/respond';
import { policyFindings } from '@/lib/k8s/findings';
import { getSession } from '@/lib/k8s/session';

// GET only (a read): why the policy is or is not in effect — findings in plain words, each with
// its evidence and the command that shows it. Everything is read as the signed-in person.

export async function GET(request: Request, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const p = objectRefArgs.safeParse(await ctx.params);
  if (!p.success) return jsonError(invalidArgs(p.error));
  const findings = await policyFindings(session.value, p.data.namespace, p.data.name, request.signal);
  return findings.ok
    ? Response.json({ ok: true, value: findings.value }, { headers: { 'cache-control': 'no-store' } })
    : jsonError(findings.error);
}
