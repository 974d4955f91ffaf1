import 'server-only';
import { VersionApi, Observable, type ObservableMiddleware } from '@kubernetes/client-node';
import { SharedWork } from '@/lib/bounds/shared-work';
import type { ErrorKind } from '@/lib/wire/errors';
import { toAppError } from './errors';
import { sessionFor, type Credential } from './session';

// The HTTP status a cluster page should answer with, decided before the page streams (after that
// the status cannot change): 404 for a context the kubeconfig lacks, 401 when the API server
// refuses the credentials, 503 when it cannot be reached. The page itself still explains why.
// One probe per context at a time, its answer kept 2 s, and a deadline of its own so a dead API
// server delays a page by 2 s here, not by the full API timeout.

const STATUS: Partial<Record<ErrorKind, number>> = { not_found: 404, unauthorized: 401, unavailable: 503, forbidden: 403 };
const KEEP_MS = 2_000;
const PROBE_MS = 2_000;
const recent = new Map<string, { at: number; status: number }>();
const probes = new SharedWork<number>();

const deadline: ObservableMiddleware = {
  pre: (context) => {
    context.setSignal(AbortSignal.timeout(PROBE_MS));
    return new Observable(Promise.resolve(context));
  },
  post: (response) => new Observable(Promise.resolve(response)),
};

async function ask(context: string, credential?: Credential): Promise<number> {
  const s = sessionFor(context, credential);
  if (!s.ok) return STATUS[s.error.kind] ?? 500;
  try {
    await s.value.kc.makeApiClient(VersionApi).getCode(undefined, { middleware: [deadline], middlewareMergeStrategy: 'append' });
    return 200;
  } catch (e) {
    return STATUS[toAppError(e, { verb: 'get', resource: 'version', server: s.value.server }).kind] ?? 500;
  }
}

/**
 * The status for pages of `context`, as the signed-in person (if any) gets it. Only contexts of
 * the kubeconfig are remembered: the URL names any.
 */
export async function pageStatus(context: string, credential?: Credential): Promise<number> {
  const key = credential ? `${context}\u0000${credential.person.username}` : context;
  const hit = recent.get(key);
  if (hit && Date.now() - hit.at < KEEP_MS) return hit.status;
  const status = await probes.run(key, () => ask(context, credential), { gone: 500, failed: () => 500 });
  if (status !== 404) {
    if (recent.size >= 256) recent.clear();
    recent.set(key, { at: Date.now(), status });
  }
  return status;
}
