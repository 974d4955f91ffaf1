import 'server-only';
import { CoreV1Api } from '@kubernetes/client-node';
import type { ServiceDto } from '@/lib/wire/dto';
import { err, ok, type Result } from '@/lib/wire/errors';
import { callOptions } from './client';
import type { Session } from './session';
import { toAppError } from './errors';
import { cachedList } from './list-cache';
import { toServiceDto } from './to-dto';

const PAGE = 500;

/**
 * Every Service the user may list (all namespaces, or one): from their cache when it is live, else
 * page by page (`limit`/`continue`).
 */
export async function listServices(session: Session, namespace?: string): Promise<Result<ServiceDto[]>> {
  const cached = await cachedList(session, 'services', namespace);
  if (cached) return ok(cached as ServiceDto[]); // the cache's snapshot: read, never changed
  const core = session.kc.makeApiClient(CoreV1Api);
  const out: ServiceDto[] = [];
  let next: string | undefined;
  try {
    do {
      const page = namespace
        ? await core.listNamespacedService({ namespace, limit: PAGE, _continue: next }, callOptions)
        : await core.listServiceForAllNamespaces({ limit: PAGE, _continue: next }, callOptions);
      for (const s of page.items) out.push(toServiceDto(s));
      next = page.metadata?._continue || undefined;
    } while (next);
    return ok(out);
  } catch (e) {
    return err(toAppError(e, { verb: 'list', resource: 'services', namespace, server: session.server }));
  }
}
