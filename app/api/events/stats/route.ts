import { watchStats } from '@/lib/k8s/watch-hub';

// GET only: the shared watches and how many browser streams listen to each.
export function GET() {
  return Response.json({ watches: watchStats() }, { headers: { 'cache-control': 'no-store' } });
}
