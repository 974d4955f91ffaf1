import { defaultContext } from '@/lib/k8s/client';
import { pageStatus } from '@/lib/k8s/probe';

// Readiness: the dashboard can reach its API server with its default context (the probe pages use,
// 2 s deadline, shared). Liveness is /api/health, which asks nothing of the cluster.
export async function GET() {
  let context: string;
  try {
    context = defaultContext();
  } catch (e) {
    return Response.json({ status: 'not ready', reason: `No usable kubeconfig: ${(e as Error).message}` }, { status: 503 });
  }
  const status = await pageStatus(context);
  return Response.json(
    status === 200
      ? { status: 'ready', context }
      : { status: 'not ready', context, reason: `the API server answers this context with ${status}` },
    { status: status === 200 ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
