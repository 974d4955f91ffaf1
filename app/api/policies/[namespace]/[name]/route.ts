import { isKnownContext } from '@/lib/k8s/client';
import { getPolicy } from '@/lib/k8s/policies';

// GET only: the form polls this to follow a policy's status after an apply.
export async function GET(request: Request, { params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  const context = new URL(request.url).searchParams.get('context') ?? undefined;
  if (context && !isKnownContext(context)) {
    return Response.json({ ok: false, error: { kind: 'invalid', message: `Unknown context "${context}"` } }, { status: 400 });
  }
  return Response.json(await getPolicy(context, namespace, name), { headers: { 'cache-control': 'no-store' } });
}
