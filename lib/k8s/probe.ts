import 'server-only';
import { VersionApi } from '@kubernetes/client-node';
import { callOptions } from './client';
import { toAppError } from './errors';
import { sessionFor } from './session';
import type { ErrorKind } from '@/lib/wire/errors';

// The HTTP status a cluster page should answer with, decided before the page streams (after that
// the status cannot change): 404 for a context the kubeconfig lacks, 401 when the API server
// refuses the credentials, 503 when it cannot be reached. The page itself still explains why.

const STATUS: Partial<Record<ErrorKind, number>> = { not_found: 404, unauthorized: 401, unavailable: 503, forbidden: 403 };
const KEEP_MS = 2_000;
const MAX_ENTRIES = 256;
const recent = new Map<string, { at: number; status: number }>();

async function ask(context: string): Promise<number> {
  const s = sessionFor(context);
  if (!s.ok) return STATUS[s.error.kind] ?? 500;
  try {
    await s.value.kc.makeApiClient(VersionApi).getCode(undefined, callOptions);
    return 200;
  } catch (e) {
    return STATUS[toAppError(e, { verb: 'get', resource: 'version', server: s.value.server }).kind] ?? 500;
  }
}

/** The status for pages of `context`; one probe per context every couple of seconds at most. */
export async function pageStatus(context: string): Promise<number> {
  const hit = recent.get(context);
  if (hit && Date.now() - hit.at < KEEP_MS) return hit.status;
  const status = await ask(context);
  if (recent.size >= MAX_ENTRIES) recent.clear();
  recent.set(context, { at: Date.now(), status });
  return status;
}
