import 'server-only';
import { randomUUID } from 'node:crypto';
import { SharedWork } from '@/lib/bounds/shared-work';
import { err, type AppError, type Result } from '@/lib/wire/errors';
import { fetchConfigDump, WHOLE_DUMP_ANSWER_MS, WHOLE_DUMP_TIMEOUT_MS } from './config-dump';
import { keepRawDump, startDownload, type StoredDump } from './dump-store';
import type { Session } from './session';

// One read of a pod's config dump, shared by every request that asks for it while it runs: one
// port-forward, one parse and one kept copy. It stops only when every request that waits for it
// has gone away (lib/bounds/shared-work.ts).

const reads = ((globalThis as { __dashboardDumpReads?: SharedWork<Result<StoredDump>, number> }).__dashboardDumpReads ??= new SharedWork());

export interface DumpTarget {
  namespace: string;
  gateway: string;
  pod: string;
}

export const GONE: AppError = { kind: 'unavailable', message: 'The request went away before the dump was read.' };

/** A bug, not an expected failure: said as such, and logged. */
export function failed<T>(e: unknown): Result<T> {
  console.error('dashboard: shared work failed', e);
  return err({
    kind: 'internal',
    message: `The dashboard failed unexpectedly: ${(e as Error)?.message ?? String(e)}. Try again; if it persists, see the server log.`,
  });
}

/** Reads and keeps `target`'s dump, or joins the read already under way for the same session. */
export function readDump(
  session: Session,
  target: DumpTarget,
  opts: { onProgress?: (bytes: number) => void; signal?: AbortSignal; batch?: string } = {},
): Promise<Result<StoredDump>> {
  // The person matters as much as the cluster: a read is shared only with the same credentials.
  const key = [session.principal, target.namespace, target.gateway, target.pod].join('\u0000');
  const batch = opts.batch ?? randomUUID();
  return reads.run(
    key,
    async (signal, progress) => {
      // The download's share of the memory budget is held until the dump is parsed and kept.
      const download = startDownload(batch);
      try {
        const raw = await fetchConfigDump(session, target.namespace, target.pod, {
          signal,
          batch,
          download,
          onProgress: progress,
          answerMs: WHOLE_DUMP_ANSWER_MS,
          timeoutMs: WHOLE_DUMP_TIMEOUT_MS,
        });
        return raw.ok ? keepRawDump({ context: session.context, ...target }, raw.value, batch) : raw;
      } finally {
        download.release();
      }
    },
    { gone: err(GONE), failed, signal: opts.signal, onProgress: opts.onProgress },
  );
}

/** How many reads run now, for the stats route. */
export function readsInFlight(): number {
  return reads.size;
}
