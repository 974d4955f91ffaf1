import 'server-only';
import { SharedWork } from '@/lib/bounds/shared-work';
import { ConfigDumpError, summarizeDump } from '@/lib/envoy/config-dump';
import {
  clusterReadPaths,
  clusterRegexes,
  joinClusterReads,
  NODE_PATH,
  replicaSummary,
  type ClusterTarget,
  type ReplicaSummary,
} from '@/lib/envoy/cluster-read';
import { err, ok, type Result } from '@/lib/wire/errors';
import { ENVOY_ADMIN_PORT, fetchPodAdmin } from './config-dump';
import { failed, GONE, type DumpTarget } from './dump-fetch';
import { keepDump, type StoredDump } from './dump-store';
import type { Session } from './session';

// A cluster view's read of one replica: only the clusters it shows, their endpoints and the node
// (lib/envoy/cluster-read.ts), each a small answer through its own port-forward,
// instead of the whole dump. On an Envoy holding 50,000 clusters that is a few KiB instead of
// 100 MB. The answer is kept like a dump (under its scope), so the replica's next read of the same
// clusters can be compared with it. The whole dump is read only when someone opens or downloads it.

/** Enough for thousands of matched clusters; a cluster view never asks for more. */
const TARGETED_MAX_BYTES = 32 * 1024 * 1024;

export interface ClusterRead {
  stored: StoredDump;
  /** Bytes Envoy sent for this read, all requests together. */
  bytes: number;
  summary: ReplicaSummary;
}

const reads = ((globalThis as { __dashboardClusterReads?: SharedWork<Result<ClusterRead>, number> }).__dashboardClusterReads ??=
  new SharedWork());

/** Reads `targets`' clusters from one replica, or joins the same read already under way for the same person. */
export function readClusters(
  session: Session,
  target: DumpTarget,
  targets: ClusterTarget[],
  opts: { onProgress?: (bytes: number) => void; signal?: AbortSignal; batch?: string } = {},
): Promise<Result<ClusterRead>> {
  let regexes: string[];
  try {
    regexes = clusterRegexes(targets);
  } catch (e) {
    return Promise.resolve(err({ kind: 'invalid', message: (e as Error).message }));
  }
  const scope = regexes.join('|');
  const key = [session.principal, target.namespace, target.gateway, target.pod, scope].join('\u0000');
  return reads.run(key, (signal, progress) => readOnce(session, target, regexes, scope, { signal, progress, batch: opts.batch }), {
    gone: err(GONE),
    failed,
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
}

async function readOnce(
  session: Session,
  target: DumpTarget,
  regexes: string[],
  scope: string,
  opts: { signal: AbortSignal; progress: (bytes: number) => void; batch?: string },
): Promise<Result<ClusterRead>> {
  const sizes = new Map<string, number>();
  const get = (method: 'GET' | 'POST', path: string) =>
    fetchPodAdmin(
      session,
      target.namespace,
      target.pod,
      { port: ENVOY_ADMIN_PORT, method, path },
      {
        signal: opts.signal,
        batch: opts.batch,
        maxBytes: TARGETED_MAX_BYTES,
        onProgress: (n) => {
          sizes.set(path, n);
          opts.progress([...sizes.values()].reduce((a, b) => a + b, 0));
        },
      },
    );
  const paths = regexes.map(clusterReadPaths);
  const [node, clusters, endpoints] = await Promise.all([
    get('POST', NODE_PATH),
    Promise.all(paths.map((p) => get('POST', p.clusters))),
    Promise.all(paths.map((p) => get('POST', p.endpoints))),
  ]);
  for (const r of [node, ...clusters, ...endpoints]) if (!r.ok) return r;
  const text = (r: Result<Buffer>) => (r.ok ? r.value.toString('utf8') : '');
  try {
    const dump = joinClusterReads({ node: text(node), clusters: clusters.map(text), endpoints: endpoints.map(text) });
    const raw = Buffer.from(JSON.stringify(dump));
    const stored = keepDump({ context: session.context, ...target, scope }, raw, dump, summarizeDump(dump), opts.batch);
    const bytes = [node, ...clusters, ...endpoints].reduce((n, r) => n + (r.ok ? r.value.length : 0), 0);
    return ok({ stored, bytes, summary: replicaSummary(text(node)) });
  } catch (e) {
    if (!(e instanceof ConfigDumpError)) throw e;
    return err({ kind: 'invalid', message: `The clusters of ${target.pod} could not be read: ${e.message}` });
  }
}
