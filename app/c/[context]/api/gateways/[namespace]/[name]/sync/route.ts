import { invalidArgs, objectRefArgs } from '@/lib/http/args';
import { jsonError } from '@/lib/http/respond';
import { getSession } from '@/lib/k8s/session';
import { readGatewaySync } from '@/lib/k8s/xds-sync';

// GET only (a read): every replica of a Gateway against what kgateway means to send — SYNCED,
// STALE or REJECTED per replica and xDS type, with Envoy's own words for a refusal. Only pods the
// API lists (the controller's by its chart labels, the Gateway's proxies) are read, through
// port-forwards, and only read-only admin endpoints (lib/k8s/config-dump.ts).

export async function GET(request: Request, ctx: { params: Promise<{ namespace: string; name: string }> }) {
  const session = await getSession();
  if (!session.ok) return jsonError(session.error);
  const p = objectRefArgs.safeParse(await ctx.params);
  if (!p.success) return jsonError(invalidArgs(p.error));
  const sync = await readGatewaySync(session.value, p.data, request.signal);
  return sync.ok ? Response.json({ ok: true, value: sync.value }, { headers: { 'cache-control': 'no-store' } }) : jsonError(sync.error);
}
