import 'server-only';
import { randomUUID } from 'node:crypto';
import { ConfigDumpError, summarizeDump, type DumpSummary } from '@/lib/envoy/config-dump';
import { err, ok, type Result } from '@/lib/wire/errors';
import { env } from '@/lib/config/env';

// Dumps the server has fetched, kept so the browser can ask for slices, the whole text or a
// comparison without a second port-forward. Keyed by an unguessable id; the oldest go first once
// the estimated memory passes DASHBOARD_DUMP_KEEP_MB, but never a dump of the same fetch (all the
// replicas of one inspect stay together), so the newest fetch is always kept whole.

/** Bytes plus the parsed objects: 2.6–3.0× the text for large dumps (npm run bench), rounded up. */
const COST_PER_BYTE = 4;

export interface StoredDump {
  id: string;
  context: string;
  namespace: string;
  gateway: string;
  pod: string;
  batch: string;
  fetchedAt: string;
  raw: Buffer;
  dump: unknown;
  summary: DumpSummary;
  /** Set when only some clusters were read (the `name_regex` asked); unset for a whole dump. */
  scope?: string;
}

export type DumpOrigin = Pick<StoredDump, 'context' | 'namespace' | 'gateway' | 'pod' | 'scope'>;

const store = ((globalThis as { __dashboardDumps?: Map<string, StoredDump> }).__dashboardDumps ??= new Map());
/** Bytes of each download under way, counted against the same budget as the kept dumps. */
const downloads = ((globalThis as { __dashboardDownloads?: Map<symbol, number> }).__dashboardDownloads ??= new Map());
/** A download holds its chunks and then one joined copy. */
const DOWNLOAD_COST_PER_BYTE = 2;

const budget = () => env().DASHBOARD_DUMP_KEEP_MB * 1024 * 1024;
const keptCost = () => [...store.values()].reduce((n, d) => n + d.raw.length * COST_PER_BYTE, 0);
const downloading = () => [...downloads.values()].reduce((a, b) => a + b, 0);

/** Drops the oldest kept dumps, never those of `batch`, until `total()` fits the budget. */
function evict(total: () => number, batch?: string) {
  // Map iteration is insertion order: oldest first.
  for (const [id, d] of store) {
    if (total() <= budget()) return;
    if (d.batch !== batch) store.delete(id);
  }
}

export interface Download {
  /** Room for `bytes` more; false when it does not fit beside the other downloads. */
  reserve(bytes: number): boolean;
  release(): void;
}

/**
 * One download's share of the memory budget. Kept dumps are dropped to make room. A download with
 * no other under way is always allowed (DASHBOARD_DUMP_MAX_MB bounds it alone); beside others,
 * all of them together must fit.
 */
export function startDownload(batch?: string): Download {
  const me = Symbol('download');
  downloads.set(me, 0);
  return {
    reserve(bytes) {
      const mine = (downloads.get(me) ?? 0) + bytes;
      const total = () => keptCost() + (downloading() - (downloads.get(me) ?? 0) + mine) * DOWNLOAD_COST_PER_BYTE;
      evict(total, batch);
      const others = downloading() - (downloads.get(me) ?? 0);
      if (others > 0 && total() > budget()) return false;
      downloads.set(me, mine);
      return true;
    },
    release() {
      downloads.delete(me);
    },
  };
}

/** Keeps a dump; `batch` groups the dumps of one fetch (every replica), which evict none of each other. */
export function keepDump(origin: DumpOrigin, raw: Buffer, dump: unknown, summary: DumpSummary, batch: string = randomUUID()): StoredDump {
  const entry: StoredDump = { ...origin, id: randomUUID(), batch, fetchedAt: new Date().toISOString(), raw, dump, summary };
  store.set(entry.id, entry);
  evict(() => keptCost() + downloading() * DOWNLOAD_COST_PER_BYTE, batch);
  return entry;
}

/** What the stats route reports. */
export function dumpStats() {
  return { kept: store.size, keptBytes: [...store.values()].reduce((n, d) => n + d.raw.length, 0), downloadingBytes: downloading() };
}

/** Parses the bytes a proxy answered and keeps them; a body that is not a config dump says why. */
export function keepRawDump(origin: DumpOrigin, raw: Buffer, batch?: string): Result<StoredDump> {
  try {
    const dump: unknown = JSON.parse(raw.toString('utf8'));
    return ok(keepDump(origin, raw, dump, summarizeDump(dump), batch));
  } catch (e) {
    const why = e instanceof ConfigDumpError ? e.message : `not JSON (${(e as Error).message})`;
    return err({ kind: 'invalid', message: `The config dump of ${origin.pod} could not be read: ${why}` });
  }
}

/** A kept dump, only for the context (cluster) it was read from. */
export function storedDump(id: string, context: string): StoredDump | undefined {
  const d = store.get(id);
  return d && d.context === context ? d : undefined;
}

/** The dump of the same pod and scope (whole, or the same clusters) fetched just before this one, if still kept. */
export function previousDump(entry: StoredDump): StoredDump | undefined {
  let previous: StoredDump | undefined;
  for (const d of store.values()) {
    if (d.id === entry.id) return previous;
    if (d.pod === entry.pod && d.namespace === entry.namespace && d.context === entry.context && d.scope === entry.scope) previous = d;
  }
  return previous;
}
