import type { ReplicaView } from '@/lib/wire/dto';

/** A replica shows every field its policies set (keepalive and the rest) as they ask. */
export function replicaInEffect(r: ReplicaView): boolean {
  return !r.error && !!r.verdicts?.every((v) => v.verdict === 'in effect') && (r.fieldChecks ?? []).every((c) => c.verdict === 'in effect');
}

/** One line per field that is not in effect on a replica, for a problem list. */
export function replicaProblems(r: ReplicaView): string[] {
  if (r.error) return [`${r.pod}: ${r.error.message}`];
  const show = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));
  return [
    ...(r.verdicts ?? [])
      .filter((v) => v.verdict !== 'in effect')
      .map((v) => `${r.pod}: ${v.envoyField} ${v.verdict} (shows ${v.actual ?? 'unset'}, expected ${v.expected ?? 'unset'})`),
    ...(r.fieldChecks ?? [])
      .filter((c) => c.verdict !== 'in effect')
      .map((c) => `${r.pod}: ${c.envoyPath.join('.')} ${c.verdict} (shows ${show(c.actual)}, expected ${show(c.expected)})`),
  ];
}
