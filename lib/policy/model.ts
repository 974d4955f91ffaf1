import type { PolicyDto, ServiceDto, TargetRefDto, TargetSelectorDto, TcpKeepalive } from '@/lib/wire/dto';
import { envoyWholeSeconds, formatSeconds, parseDuration } from './duration';
import type { KeepalivePolicy } from './schema';

// The parts of the BackendConfigPolicy model that the pages share. Pure.

export const API_VERSION = 'gateway.kgateway.dev/v1alpha1';
export const KIND = 'BackendConfigPolicy';
export const RESOURCE = 'backendconfigpolicies';
export const GROUP = 'gateway.kgateway.dev';
/** The field manager of every write the dashboard makes (server-side apply). */
export const FIELD_MANAGER = 'kgateway-dashboard';

export type { TcpKeepalive };

export function targetRefsOf(spec: Record<string, unknown>): TargetRefDto[] {
  return Array.isArray(spec.targetRefs) ? (spec.targetRefs as TargetRefDto[]) : [];
}

export function targetSelectorsOf(spec: Record<string, unknown>): TargetSelectorDto[] {
  return Array.isArray(spec.targetSelectors) ? (spec.targetSelectors as TargetSelectorDto[]) : [];
}

export function tcpKeepaliveOfSpec(spec: Record<string, unknown>): TcpKeepalive | undefined {
  const k = spec.tcpKeepalive;
  return k && typeof k === 'object' ? (k as TcpKeepalive) : undefined;
}

/** How a policy reaches a Service: by name (targetRefs) or by labels (targetSelectors), or not. */
export function howPolicyTargets(policy: Pick<PolicyDto, 'namespace' | 'spec'>, svc: ServiceDto): 'ref' | 'selector' | undefined {
  if (policy.namespace !== svc.namespace) return undefined;
  const isService = (t: { group: string; kind: string }) => (t.group ?? '') === '' && t.kind === 'Service';
  if (targetRefsOf(policy.spec).some((r) => isService(r) && r.name === svc.name)) return 'ref';
  const bySelector = targetSelectorsOf(policy.spec).some(
    (s) => isService(s) && Object.entries(s.matchLabels ?? {}).every(([k, v]) => svc.labels[k] === v),
  );
  return bySelector ? 'selector' : undefined;
}

/**
 * The object the dashboard applies: the whole spec the form holds. Values the person did not change
 * are sent as loaded, so server-side apply shares them with whoever set them (no conflict, nothing
 * moved); a value someone else owns and this person changed is a conflict naming that someone.
 */
export function applyConfiguration(p: KeepalivePolicy, resourceVersion?: string) {
  const { targetRefs, tcpKeepalive, ...sections } = p.spec;
  return {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: { name: p.metadata.name, namespace: p.metadata.namespace, ...(resourceVersion && { resourceVersion }) },
    spec: { ...(targetRefs && { targetRefs }), ...(tcpKeepalive && { tcpKeepalive }), ...sections },
  };
}

export interface EnvoyValue {
  field: keyof TcpKeepalive;
  envoyField: string;
  text: string;
  /** What Envoy receives; undefined when the field is unset or invalid. */
  envoy?: number;
  warning?: string;
}

/** What Envoy's `upstream_connection_options.tcp_keepalive` will hold for these values. */
export function envoyPreview(k: TcpKeepalive): EnvoyValue[] {
  const out: EnvoyValue[] = [
    {
      field: 'keepAliveProbes',
      envoyField: 'keepalive_probes',
      text: k.keepAliveProbes === undefined ? '' : String(k.keepAliveProbes),
      envoy: k.keepAliveProbes,
    },
  ];
  for (const [field, envoyField] of [
    ['keepAliveTime', 'keepalive_time'],
    ['keepAliveInterval', 'keepalive_interval'],
  ] as const) {
    const text = k[field] ?? '';
    const ms = text ? parseDuration(text) : undefined;
    const envoy = ms === undefined ? undefined : envoyWholeSeconds(ms);
    const warning =
      ms !== undefined && ms % 1000 !== 0 ? `${text} is ${formatSeconds(ms)}; Envoy receives whole seconds, so ${envoy} s` : undefined;
    out.push({ field, envoyField, text, envoy, warning });
  }
  return out;
}
