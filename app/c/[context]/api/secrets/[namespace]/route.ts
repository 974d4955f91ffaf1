import { invalidArgs, namespaceArg } from '@/lib/http/args';
import { jsonError, jsonResult } from '@/lib/http/respond';
import { listTlsSecretNames } from '@/lib/k8s/secrets';
import { getSession } from '@/lib/k8s/session';

// GET only: the names of the namespace's TLS Secrets, for the form's tls.secretRef picker. Names,
// never contents: the server asks the API server for metadata alone.
export async function GET(_request: Request, ctx: { params: Promise<{ namespace: string }> }) {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const ns = namespaceArg.safeParse((await ctx.params).namespace);
  if (!ns.success) return jsonError(invalidArgs(ns.error));
  return jsonResult(await listTlsSecretNames(session.value, ns.data));
}
