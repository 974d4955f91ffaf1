import type { PolicyDto, TargetRefDto } from '@/lib/wire/dto';
import { tcpKeepaliveOfSpec, targetRefsOf } from '@/lib/policy/model';
import type { FieldNode } from '@/lib/policy/crd-model';
import { sectionsOfSpec, typedSpec, type Tree } from '@/lib/policy/spec-edit';
import type { KeepaliveText } from './keepalive-fields';

// What the form holds: strings as typed, so nothing the user typed is ever lost or reformatted;
// the other sections of the spec as loaded, with the text typed into any field of them.
export interface FormValue {
  name: string;
  namespace: string;
  targetRefs: TargetRefDto[];
  tcpKeepalive: KeepaliveText;
  /** Every other spec field (connectTimeout, healthCheck, …). */
  sections: Tree;
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
    sections: sectionsOfSpec(p.spec),
  };
}

export function emptyForm(namespace: string, service?: string): FormValue {
  return {
    name: service ? `${service}-keepalive` : '',
    namespace,
    targetRefs: service ? [{ group: '', kind: 'Service', name: service }] : [],
    tcpKeepalive: { keepAliveProbes: '', keepAliveTime: '', keepAliveInterval: '' },
    sections: {},
  };
}

/**
 * The form as the schema's input (the same shape as the object). With the CRD's model, the text
 * typed into the other sections takes the CRD's types; without it (still loading), they go as loaded.
 */
const wholeOrText = (s: string) => (/^[+-]?[0-9]{1,9}$/.test(s) ? Number(s) : s);

export function toInput(v: FormValue, model?: FieldNode) {
  const k = v.tcpKeepalive;
  const sections = (model ? typedSpec(v.sections, model) : v.sections) as Tree;
  const tcpKeepalive = {
    // A whole number goes as one (the preview shows what is applied before the checks load); any
    // other text goes as typed, for the checks to name.
    ...(k.keepAliveProbes.trim() !== '' && { keepAliveProbes: wholeOrText(k.keepAliveProbes.trim()) }),
    ...(k.keepAliveTime !== '' && { keepAliveTime: k.keepAliveTime }),
    ...(k.keepAliveInterval !== '' && { keepAliveInterval: k.keepAliveInterval }),
  };
  return {
    metadata: { name: v.name.trim(), namespace: v.namespace.trim() },
    // An empty tcpKeepalive is not "no keepalive": kgateway turns keepalive on with Linux's defaults.
    // targetRefs has minItems 1: a policy that targets only by labels leaves it out.
    spec: {
      ...(v.targetRefs.length > 0 && { targetRefs: v.targetRefs }),
      ...(Object.keys(tcpKeepalive).length > 0 && { tcpKeepalive }),
      ...sections,
    },
  };
}

/** The form after the spec was edited as YAML: every field from that spec, the name kept. */
export function formWithSpec(v: FormValue, spec: Record<string, unknown>): FormValue {
  const from = formFromPolicy({ name: v.name, namespace: v.namespace, spec } as PolicyDto);
  return { ...v, targetRefs: from.targetRefs, tcpKeepalive: from.tcpKeepalive, sections: from.sections };
}
