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

/** The spec fields the form does not edit, shown read-only and kept as they are. */
export function untouchedSpec(p: PolicyDto | undefined): Record<string, unknown> {
  if (!p) return {};
  return Object.fromEntries(Object.entries(p.spec).filter(([k]) => k !== 'targetRefs' && k !== 'tcpKeepalive'));
}
