import { getClusterInfo } from '@/lib/k8s/cluster';
import { getSession } from '@/lib/k8s/session';
import { jsonError, jsonResult } from '@/lib/http/respond';

// GET only: the overview page re-polls this; writes go through server actions.
export async function GET() {
  const session = await getSession();
  return session.ok ? jsonResult(await getClusterInfo(session.value)) : jsonError(session.error);
}
