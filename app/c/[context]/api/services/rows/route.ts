import { getSession } from '@/lib/k8s/session';
import { rowsJson, serviceRows } from '@/lib/k8s/service-rows';
import { jsonError } from '@/lib/http/respond';

// GET only: every row of the Services page, for the browser to fetch after the page's first rows
// (lib/k8s/service-rows.ts). The JSON is made once per change of the person's lists.
export async function GET() {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const view = await serviceRows(session.value);
  if (!view.ok) return jsonError(view.error);
  return new Response(rowsJson(view.value.joined) as Uint8Array<ArrayBuffer>, {
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}
