import type { PolicyDto, ServiceDto } from '@/lib/wire/dto';
import { howPolicyTargets, targetSelectorsOf } from '@/lib/policy/model';
import { effectiveFields, type MergeRule } from '@/lib/policy/precedence';
import { KGATEWAY_CONTROLLER, type GatewaySync } from './sync';
import { HTTP2_APP_PROTOCOLS as H2 } from '@/lib/envoy/field-verdicts';

// "Why isn't my policy in effect?" in plain words, each answer with its evidence and the kubectl
// or curl command that shows it. Pure: lib/k8s/findings.ts gathers the objects, the gateways'
// sync state and where each cluster stands on each replica; this decides.

export type FindingId =
  | 'target-missing'
  | 'target-kind'
  | 'port-missing'
  | 'selector-matches-nothing'
  | 'overridden'
  | 'skipped-field'
  | 'warming'
  | 'backend-tls'
  | 'foreign-status'
  | 'no-route'
  | 'no-cluster'
  | 'unread'
  | 'rejected';

export interface Finding {
  id: FindingId;
  severity: 'error' | 'warning' | 'info';
  /** One sentence, in the words of the person asking. */
  title: string;
  /** The facts it rests on. */
  evidence: string[];
  /** What to run to see it yourself. */
  command: string;
}

/** Where one Service port's cluster stands on one replica of one Gateway. */
export interface ClusterObservation {
  gateway: string;
  /** Namespace of the Gateway's pods. */
  namespace: string;
  pod: string;
  cluster: string;
  /** `unread`: Envoy on this replica could not be asked (no permission, not answering). */
  state: 'active' | 'warming' | 'missing' | 'unread';
  /** Why it could not be read, for `unread`. */
  reason?: string;
  /** Whether the person may not port-forward to it, for `unread`. */
  forbidden?: boolean;
  lastUpdated?: string;
  healthChecks?: boolean;
}

export interface RouteBackends {
  /** `HTTPRoute httpbin/httpbin` */
  route: string;
  backends: { namespace: string; name: string; port?: number }[];
}

export interface FindingContext {
  /** The detected kgateway version, for its precedence and its BackendTLSPolicy rule. */
  version?: string;
  rule: MergeRule;
  /** Services and policies of the namespace in question. */
  services: ServiceDto[];
  policies: PolicyDto[];
  routes: RouteBackends[] | 'unknown';
  /** Services of the namespace a BackendTLSPolicy targets. */
  backendTls: Set<string> | 'unknown';
  clusters: ClusterObservation[];
  syncs: GatewaySync[];
}

/** Envoy's initial fetch timeout for a warming cluster's endpoints, which kgateway does not resend unchanged (observed: 15 s). */
const ENDPOINTS_RESEND_S = 15;

export function clusterName(namespace: string, service: string, port: number): string {
  return `kube_${namespace}_${service}_${port}`;
}

/** kgateway's cluster of a Backend (`backend_httpbin_httpbin-static_0` in the stack's dump). */
export function backendClusterName(namespace: string, backend: string): string {
  return `backend_${namespace}_${backend}_0`;
}

function atLeast(version: string | undefined, major: number, minor: number): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return true; // dev builds and unknown versions behave as the newest
  return Number(m[1]) > major || (Number(m[1]) === major && Number(m[2]) >= minor);
}

const portForward = (o: ClusterObservation) => `kubectl port-forward -n ${o.namespace} pod/${o.pod} 19000 &`;

function ofService(svc: ServiceDto, policy: PolicyDto | undefined, ctx: FindingContext, ports: number[]): Finding[] {
  const out: Finding[] = [];
  const ref = `${svc.namespace}/${svc.name}`;
  const targeting = ctx.policies.filter((p) => howPolicyTargets(p, svc));
  const mine = policy ? [policy] : targeting;

  // Attached, but another policy wins a field (the whole top-level field: tcpKeepalive merges as one object).
  const effective = effectiveFields(targeting, ctx.rule);
  for (const p of mine) {
    for (const field of Object.keys(p.spec)) {
      const won = effective[field];
      if (!won || (won.from.namespace === p.namespace && won.from.name === p.name)) continue;
      out.push({
        id: 'overridden',
        severity: 'warning',
        title: `${p.namespace}/${p.name} is attached to ${ref}, but its ${field} is overridden by ${won.from.namespace}/${won.from.name}.`,
        evidence: [
          ctx.rule === 'oldest-wins'
            ? `kgateway ${ctx.version ?? '(version unknown)'} merges policies oldest first: ${won.from.name} (created ${won.from.creationTimestamp}) is older, and the first to set a field keeps it.`
            : `kgateway ${ctx.version ?? ''} applies policies oldest first and each overwrites: ${won.from.name} (created ${won.from.creationTimestamp}) is newer.`,
          `The unit is the whole top-level field: ${field} is taken from one policy, never merged key by key.`,
        ],
        command: `kubectl get backendconfigpolicies -n ${svc.namespace} -o custom-columns=NAME:.metadata.name,CREATED:.metadata.creationTimestamp,${field.toUpperCase()}:.spec.${field}`,
      });
    }
  }

  for (const p of mine) {
    for (const port of svc.ports.filter((x) => ports.length === 0 || ports.includes(x.port))) {
      const h2 = H2.has((port.appProtocol ?? '').toLowerCase());
      const skipped = h2
        ? p.spec.http1ProtocolOptions !== undefined
          ? 'http1ProtocolOptions'
          : undefined
        : p.spec.http2ProtocolOptions !== undefined
          ? 'http2ProtocolOptions'
          : undefined;
      if (!skipped) continue;
      out.push({
        id: 'skipped-field',
        severity: 'warning',
        title: `kgateway silently skips ${skipped} of ${p.namespace}/${p.name} on ${ref}:${port.port}: that port is ${h2 ? 'HTTP/2' : 'not HTTP/2'}.`,
        evidence: [
          `The port's appProtocol is ${port.appProtocol ? `"${port.appProtocol}"` : 'not set'}; kgateway treats only ${[...H2].join(', ')} as HTTP/2.`,
          `kgateway logs "can't apply ${h2 ? 'http1' : 'http2'} protocol options to ${h2 ? 'http2' : 'non-http2'} backend" and writes no condition: the policy stays Accepted.`,
        ],
        command: `kubectl get service ${svc.name} -n ${svc.namespace} -o jsonpath='{range .spec.ports[*]}{.port} {.appProtocol}{"\\n"}{end}'`,
      });
    }
  }

  if (atLeast(ctx.version, 2, 4) && ctx.backendTls !== 'unknown' && ctx.backendTls.has(svc.name)) {
    for (const p of mine.filter((x) => x.spec.tls !== undefined)) {
      out.push({
        id: 'backend-tls',
        severity: 'warning',
        title: `A BackendTLSPolicy targets ${ref}, so the tls of ${p.namespace}/${p.name} is not used.`,
        evidence: [
          `From kgateway v2.4 a Gateway API BackendTLSPolicy replaces a BackendConfigPolicy's tls on the same backend (kgateway#13918); detected ${ctx.version ?? 'an unknown version'}.`,
        ],
        command: `kubectl get backendtlspolicies -n ${svc.namespace} -o custom-columns=NAME:.metadata.name,TARGETS:.spec.targetRefs[*].name`,
      });
    }
  }

  const routed =
    ctx.routes === 'unknown'
      ? undefined
      : ctx.routes.filter((r) =>
          r.backends.some(
            (b) =>
              b.namespace === svc.namespace &&
              b.name === svc.name &&
              (ports.length === 0 || b.port === undefined || ports.includes(b.port)),
          ),
        );
  for (const port of svc.ports.filter((x) => ports.length === 0 || ports.includes(x.port))) {
    const name = clusterName(svc.namespace, svc.name, port.port);
    const seen = ctx.clusters.filter((c) => c.cluster === name && c.state !== 'unread');
    const present = seen.filter((c) => c.state !== 'missing');
    if (routed && routed.length === 0) {
      out.push({
        id: 'no-route',
        severity: 'warning',
        title: `No route sends traffic to ${ref}:${port.port}, so a policy on it changes nothing a request sees.`,
        evidence: [
          'No HTTPRoute visible to you has it among its backendRefs.',
          present.length
            ? `Envoy still holds its cluster ${name} (kgateway sends one for every Service it watches), on ${present.length} replica${present.length > 1 ? 's' : ''}.`
            : ctx.clusters.some((c) => c.cluster === name && c.state === 'unread') && !seen.length
              ? 'No replica of any Gateway could be read to say whether Envoy holds its cluster.'
              : `Envoy has no cluster ${name} on any replica read.`,
        ],
        command: `kubectl get httproutes -A -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name}: {.spec.rules[*].backendRefs[*].name}{"\\n"}{end}'`,
      });
    }
    out.push(...clusterFindings(name, `${ref}:${port.port}`, ctx, !(routed && routed.length === 0)));
  }
  return out;
}

/** Where one cluster stands on every replica read: missing, warming, or refused by Envoy. */
function clusterFindings(name: string, ref: string, ctx: FindingContext, expectCluster = true): Finding[] {
  const out: Finding[] = [];
  // A replica that could not be read says nothing of the cluster: it is neither missing nor there.
  const seen = ctx.clusters.filter((c) => c.cluster === name && c.state !== 'unread');
  const unread = ctx.clusters.filter((c) => c.cluster === name && c.state === 'unread');
  if (unread.length) out.push(unreadFinding(unread));
  const missing = seen.filter((c) => c.state === 'missing');
  if (missing.length && expectCluster) {
    const o = missing[0]!;
    out.push({
      id: 'no-cluster',
      severity: 'error',
      title: `Envoy has no cluster ${name} on ${missing.length} of ${seen.length} replicas, so nothing of a policy on ${ref} can be in effect there.`,
      evidence: [
        `Replicas without it: ${missing.map((m) => `${m.gateway} ${m.pod}`).join(', ')}.`,
        'kgateway sends a cluster for every Service and Backend in the namespaces it watches; a missing one means the namespace is not watched, the object is new, or its update was refused.',
      ],
      command: `${portForward(o)} curl -s -X POST '127.0.0.1:19000/config_dump?resource=dynamic_active_clusters&name_regex=^${name}$'`,
    });
  }
  // A cluster Envoy refused may sit in dynamic_warming_clusters: that is the refusal, not a warm-up.
  const refusedOn = new Set(
    ctx.syncs.flatMap((sync) =>
      sync.replicas.filter((r) => r.state !== 'SYNCED' && r.rejections.some((x) => x.resource === `cluster '${name}'`)).map((r) => r.pod),
    ),
  );
  const warming = seen.filter((c) => c.state === 'warming' && !refusedOn.has(c.pod));
  if (warming.length) {
    const o = warming[0]!;
    const paused = ctx.syncs.flatMap((s) => s.replicas).filter((r) => warming.some((w) => w.pod === r.pod) && r.state === 'STALE');
    out.push({
      id: 'warming',
      severity: 'info',
      title: `The new ${name} is warming on ${warming.length} of ${seen.length} replicas: Envoy keeps serving the previous one until it is ready.`,
      evidence: [
        `Since ${o.lastUpdated ?? 'an unknown time'} on ${warming.map((w) => w.pod).join(', ')}.`,
        name.startsWith('kube_')
          ? `Envoy uses a changed EDS cluster once its endpoints arrive${o.healthChecks ? ' and the first round of its health checks ends' : ''}. kgateway does not resend endpoints that did not change, so this can last until Envoy's initial fetch timeout, ${ENDPOINTS_RESEND_S} s.`
          : `Envoy uses a changed cluster once ${o.healthChecks ? 'the first round of its health checks ends: up to their timeout if a host does not answer' : 'its hosts are resolved'}.`,
        ...(paused.length
          ? [
              `While a cluster warms, Envoy asks for no cluster update (it pauses CDS): ${paused.map((r) => r.pod).join(', ')} ${paused.length > 1 ? 'are' : 'is'} behind kgateway meanwhile. A cluster that never finishes warming holds every later change back until the pod restarts.`,
            ]
          : []),
      ],
      command: `${portForward(o)} curl -s -X POST '127.0.0.1:19000/config_dump?resource=dynamic_warming_clusters&name_regex=^${name}$'`,
    });
  }
  for (const sync of ctx.syncs) {
    for (const r of sync.replicas) {
      const said = r.rejections.filter((x) => x.resource === `cluster '${name}'`);
      if (!said.length) continue;
      const last = said.at(-1)!;
      // Until Envoy applies kgateway's latest version, the refusal stands (kgateway may have sent newer ones since).
      const current = r.state !== 'SYNCED';
      out.push({
        id: 'rejected',
        severity: current ? 'error' : 'info',
        title: current
          ? `Rejected by Envoy: ${sync.gateway.namespace}/${sync.gateway.name} ${r.pod} refused ${name}: ${last.message}`
          : `Envoy on ${r.pod} refused ${name} earlier (${last.at ?? 'time unknown'}), and has applied a newer version since: ${last.message}`,
        evidence: [
          `Envoy's log${last.at ? ` at ${last.at}` : ''}: cds: cluster '${name}' config rejected: ${last.message}`,
          `Envoy keeps its previous clusters: it applied CDS version ${r.types.find((t) => t.type === 'clusters')?.held ?? '?'}, kgateway sends ${sync.desired?.clusters ?? '?'}.`,
          'kgateway accepted the policy (its validation mode is not STRICT), so the policy status says nothing of it (kgateway#11983).',
          ...(current && seen.some((c) => c.pod === r.pod && c.state === 'warming')
            ? ['The refused version waits in dynamic_warming_clusters and never becomes active; Envoy keeps serving the previous one.']
            : []),
        ],
        command: `kubectl logs -n ${sync.gateway.namespace} ${r.pod} | grep 'config rejected'`,
      });
    }
  }
  return out;
}

/** Replicas whose Envoy could not be asked: one finding, whichever clusters were wanted of them. */
function unreadFinding(unread: ClusterObservation[]): Finding {
  const pods = [...new Map(unread.map((o) => [`${o.gateway} ${o.pod}`, o])).values()];
  // A missing permission is checked first: it holds for every pod of the namespace.
  const o = pods.find((p) => p.forbidden) ?? pods[0]!;
  const reasons = [...new Set(pods.map((p) => p.reason ?? 'no answer'))];
  return {
    id: 'unread',
    severity: 'warning',
    title: `Envoy could not be read on ${pods.length} replica${pods.length > 1 ? 's' : ''}, so what ${pods.length > 1 ? 'they hold' : 'it holds'} of this policy is not known: ${pods.map((p) => `${p.gateway} ${p.pod}`).join(', ')}.`,
    evidence: reasons,
    command: o.forbidden
      ? `kubectl auth can-i create pods/portforward -n ${o.namespace}`
      : `${portForward(o)} curl -s 127.0.0.1:19000/ready`,
  };
}

/** Findings for one Service (all its ports, or the given ones), across the policies that target it. */
export function findingsForService(svc: ServiceDto, ctx: FindingContext, ports: number[] = []): Finding[] {
  const out = ofService(svc, undefined, ctx, ports);
  for (const p of ctx.policies.filter((x) => howPolicyTargets(x, svc))) out.push(...statusFindings(p));
  return dedupe(out);
}

function statusFindings(p: PolicyDto): Finding[] {
  const foreign = p.ancestors.filter((a) => a.controllerName !== KGATEWAY_CONTROLLER);
  if (!foreign.length) return [];
  return [
    {
      id: 'foreign-status',
      severity: 'info',
      title: `${foreign.length} status entr${foreign.length === 1 ? 'y' : 'ies'} of ${p.namespace}/${p.name} ${foreign.length === 1 ? 'was' : 'were'} written by another controller and ${foreign.length === 1 ? 'is' : 'are'} ignored here.`,
      evidence: foreign.map(
        (a) =>
          `${a.ref}: controllerName ${a.controllerName || '(empty)'} — ${a.conditions.map((c) => `${c.type}=${c.status}`).join(', ') || 'no conditions'}`,
      ),
      command: `kubectl get backendconfigpolicy ${p.name} -n ${p.namespace} -o jsonpath='{range .status.ancestors[*]}{.controllerName} {.ancestorRef.name}{"\\n"}{end}'`,
    },
  ];
}

/** Findings for one policy: its targets as written, then every Service it reaches. */
export function findingsForPolicy(policy: PolicyDto, ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  const refs = Array.isArray(policy.spec.targetRefs)
    ? (policy.spec.targetRefs as { group?: string; kind?: string; name?: string; sectionName?: string }[])
    : [];
  for (const r of refs) {
    const group = r.group ?? '';
    const kind = r.kind ?? '';
    const attachable =
      (group === '' && kind === 'Service') ||
      (group === 'gateway.kgateway.dev' && kind === 'Backend') ||
      (group === 'networking.istio.io' && kind === 'Hostname');
    if (!attachable) {
      out.push({
        id: 'target-kind',
        severity: 'error',
        title: `targetRefs names ${kind || '(no kind)'} ${r.name} in group "${group}": a BackendConfigPolicy attaches only to a Service (group ""), a kgateway Backend or an Istio Hostname, so this entry reaches nothing.`,
        evidence: [
          'kgateway ignores such an entry and writes no condition about it. The CRDs of v2.4 and later refuse it; older ones store it.',
        ],
        command: `kubectl get backendconfigpolicy ${policy.name} -n ${policy.namespace} -o jsonpath='{.spec.targetRefs}'`,
      });
      continue;
    }
    if (kind === 'Backend') {
      out.push(...clusterFindings(backendClusterName(policy.namespace, r.name ?? ''), `Backend ${policy.namespace}/${r.name}`, ctx));
      continue;
    }
    if (kind !== 'Service') continue;
    const svc = ctx.services.find((s) => s.name === r.name);
    if (!svc) {
      out.push({
        id: 'target-missing',
        severity: 'error',
        title: `The target Service ${policy.namespace}/${r.name} does not exist, so the policy applies to nothing.`,
        evidence: [
          `targetRefs names Service ${r.name} in the policy's namespace ${policy.namespace}.`,
          'kgateway writes no status for a target it cannot find (kgateway#11624), and a misspelt name detaches the policy silently (kgateway#11402).',
        ],
        command: `kubectl get service ${r.name} -n ${policy.namespace}`,
      });
      continue;
    }
    if (r.sectionName && !svc.ports.some((p) => p.name === r.sectionName || String(p.port) === r.sectionName)) {
      out.push({
        id: 'port-missing',
        severity: 'error',
        title: `Service ${svc.namespace}/${svc.name} has no port "${r.sectionName}", so this target reaches nothing.`,
        evidence: [`Its ports: ${svc.ports.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))).join(', ') || 'none'}.`],
        command: `kubectl get service ${svc.name} -n ${svc.namespace} -o jsonpath='{range .spec.ports[*]}{.name} {.port}{"\\n"}{end}'`,
      });
    }
  }
  for (const s of targetSelectorsOf(policy.spec)) {
    const matched = ctx.services.filter((svc) => Object.entries(s.matchLabels ?? {}).every(([k, v]) => svc.labels[k] === v));
    if (matched.length === 0) {
      const labels = Object.entries(s.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      out.push({
        id: 'selector-matches-nothing',
        severity: 'warning',
        title: `targetSelectors ${labels} matches no Service in ${policy.namespace}.`,
        evidence: [`${ctx.services.length} Services in ${policy.namespace}; none carries all of these labels.`],
        command: `kubectl get services -n ${policy.namespace} -l ${labels}`,
      });
    }
  }
  for (const svc of ctx.services.filter((s) => howPolicyTargets(policy, s))) {
    const ports = refs
      .filter((r) => (r.group ?? '') === '' && r.kind === 'Service' && r.name === svc.name && r.sectionName)
      .map((r) => svc.ports.find((p) => p.name === r.sectionName || String(p.port) === r.sectionName)?.port)
      .filter((p): p is number => p !== undefined);
    out.push(...ofService(svc, policy, ctx, ports));
  }
  out.push(...statusFindings(policy));
  return dedupe(out);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const order = { error: 0, warning: 1, info: 2 };
  return findings
    .filter((f) => {
      const k = `${f.id}\u0000${f.title}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => order[a.severity] - order[b.severity]);
}
