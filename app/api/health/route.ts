// Liveness of the dashboard itself (not of the cluster): used by tests and process managers.
export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
