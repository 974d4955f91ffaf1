import { getClusterInfo } from '@/lib/k8s/cluster';

// GET only: reads are safe to serve to the page's poller; writes go through server actions.
export async function GET() {
  const result = await getClusterInfo();
  return Response.json(result, { headers: { 'cache-control': 'no-store' } });
}
