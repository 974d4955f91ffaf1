import type { PolicyDto, TargetRefDto } from '@/lib/wire/dto';
import { tcpKeepaliveOfSpec, targetRefsOf } from '@/lib/policy/model';
import type { KeepaliveText } from './keepalive-fields';

// What the form holds: strings as typed, so nothing the user typed is ever lost or reformatted.
export interface FormValue {
  name: string;
  namespace: string;
  targetRefs: TargetRefDto[];
  tcpKeepalive: KeepaliveText;
}

export function formFromPolicy(p: PolicyDto): FormValue {
  const k = tcpKeepaliveOfSpec(p.spec) ?? {};
  return {
    name: p.name,
    namespace: p.namespace,
    targetRefs: targetRefsOf(p.spec).map((t) => ({ group: t.group ?? '', kind: t.kind, name: t.name })),
    tcpKeepalive: {
      keepAliveProbes: k.keepAliveProbes === undefined ? '' : String(k.keepAliveProbes),
      keepAliveTime: k.keepAliveTime ?? '',
      keepAliveInterval: k.keepAliveInterval ?? '',
    },
  };
}

export function emptyForm(namespace: string, service?: string): FormValue {
  return {
    name: service ? `${service}-keepalive` : '',
    namespace,
    targetRefs: service ? [{ group: '', kind: 'Service', name: service }] : [],
    tcpKeepalive: { keepAliveProbes: '', keepAliveTime: '', keepAliveInterval: '' },
  };
}

/** The form as the schema's input (the same shape as the object). */
export function toInput(v: FormValue) {
  const k = v.tcpKeepalive;
  return {
    metadata: { name: v.name.trim(), namespace: v.namespace.trim() },
    spec: {
      targetRefs: v.targetRefs,
      tcpKeepalive: {
        ...(k.keepAliveProbes.trim() !== '' && { keepAliveProbes: k.keepAliveProbes.trim() }),
        ...(k.keepAliveTime !== '' && { keepAliveTime: k.keepAliveTime }),
        ...(k.keepAliveInterval !== '' && { keepAliveInterval: k.keepAliveInterval }),
      },
    },
  };
}

/**
 * The spec the API server would judge after an apply: the fields the form does not edit as they
 * are, and the form's own, typed as the CRD types them (a count that is not a number stays text,
 * so the CRD's validation names it, as the API server would).
 */
export function specToJudge(v: FormValue, loaded: PolicyDto | undefined): Record<string, unknown> {
  const { tcpKeepalive, targetRefs } = toInput(v).spec;
  const probes = tcpKeepalive.keepAliveProbes;
  return {
    ...untouchedSpec(loaded),
    targetRefs,
    tcpKeepalive: { ...tcpKeepalive, ...(probes !== undefined && { keepAliveProbes: /^-?\d+$/.test(probes) ? Number(probes) : probes }) },
  };
}

/** The spec fields the form does not edit, shown read-only and kept as they are. */
export function untouchedSpec(p: PolicyDto | undefined): Record<string, unknown> {
  if (!p) return {};
  return Object.fromEntries(Object.entries(p.spec).filter(([k]) => k !== 'targetRefs' && k !== 'tcpKeepalive'));
}
