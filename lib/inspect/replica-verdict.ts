import type { ReplicaView } from '@/lib/wire/dto';

/** A replica has the Service's cluster and shows every field its policies set as they ask. */
export function replicaInEffect(r: ReplicaView): boolean {
  return !r.error && !!r.clusterName && (r.fieldChecks ?? []).every((c) => c.verdict === 'in effect');
}

/** One line per field that is not in effect on a replica, for a problem list. */
export function replicaProblems(r: ReplicaView): string[] {
  if (r.error) return [`${r.pod}: ${r.error.message}`];
  if (!r.clusterName) return [`${r.pod}: no cluster for this Service port (cluster missing)`];
  const show = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));
  return (r.fieldChecks ?? [])
    .filter((c) => c.verdict !== 'in effect')
    .map((c) => `${r.pod}: ${c.envoyPath.join('.')} ${c.verdict} (shows ${show(c.actual)}, expected ${show(c.expected)})`);
}
