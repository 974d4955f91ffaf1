import { kubectlApplyYaml, shellWord } from '@/lib/present/shell';

// The guided walkthrough of kgateway's keepalive guide: its steps, where a walkthrough stands
// (everything a link carries), and the manual command each step replaces. Pure.

export const GUIDE_STEPS = [
  { id: 'service', title: 'Pick the Service' },
  { id: 'policy', title: 'Write or pick its policy' },
  { id: 'apply', title: 'Apply it (or just inspect)' },
  { id: 'fetch', title: "Fetch the gateway's config dump" },
  { id: 'verdict', title: 'Read the cluster and the verdict' },
  { id: 'cleanup', title: 'Clean up' },
] as const;

export interface GuideState {
  service?: { namespace: string; name: string };
  port?: number;
  policy?: string;
  gateway?: { namespace: string; name: string };
  /** 1-based. */
  step: number;
  present?: boolean;
  /** `<pod>:<from>-<to>`, lines marked in a replica's cluster. */
  lines?: string;
  /** The policy's generation when the link was made, to say what changed since. */
  generation?: number;
}

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function get(p: Params, key: string): string | undefined {
  const v = p instanceof URLSearchParams ? (p.get(key) ?? undefined) : p[key];
  return Array.isArray(v) ? v[0] : v;
}

function nsName(v: string | undefined): { namespace: string; name: string } | undefined {
  // A namespace is an RFC 1123 label, a name an RFC 1123 subdomain: no "..", no slashes.
  const m = /^([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)\/([a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?)$/.exec(v ?? '');
  return m ? { namespace: m[1]!, name: m[2]! } : undefined;
}

/** Reads a walkthrough from a URL's query; anything malformed is dropped, never guessed. */
export function parseGuideState(p: Params): GuideState {
  const step = Number(get(p, 'step'));
  const port = Number(get(p, 'port'));
  const generation = Number(get(p, 'generation'));
  const policy = get(p, 'policy');
  const lines = get(p, 'lines');
  return {
    service: nsName(get(p, 'service')),
    port: Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined,
    policy: policy && /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(policy) ? policy : undefined,
    gateway: nsName(get(p, 'gateway')),
    step: Number.isInteger(step) && step >= 1 && step <= GUIDE_STEPS.length ? step : 1,
    present: get(p, 'present') === '1' || undefined,
    lines: lines && /^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?:\d+-\d+$/.test(lines) ? lines : undefined,
    generation: Number.isInteger(generation) && generation > 0 ? generation : undefined,
  };
}

/** The walkthrough as a link; parseGuideState(guideQuery(s)) gives `s` back. */
export function guideQuery(s: GuideState): string {
  const q = new URLSearchParams();
  if (s.service) q.set('service', `${s.service.namespace}/${s.service.name}`);
  if (s.port) q.set('port', String(s.port));
  if (s.policy) q.set('policy', s.policy);
  if (s.generation) q.set('generation', String(s.generation));
  if (s.gateway) q.set('gateway', `${s.gateway.namespace}/${s.gateway.name}`);
  q.set('step', String(s.step));
  if (s.present) q.set('present', '1');
  if (s.lines) q.set('lines', s.lines);
  return q.toString();
}

/** The commands a user types by hand for this step, as kgateway's guide writes them. */
/** `context` is named (`--context`) when the walkthrough is not on the kubeconfig's default one. */
/** `policyYaml` is the chosen policy as YAML (the page loads the YAML library when it is used). */
export function stepCommands(s: GuideState, policyYaml?: string, context?: string): string[] {
  const ctx = context ? ` --context ${shellWord(context)}` : '';
  const svc = s.service;
  const id = GUIDE_STEPS[s.step - 1]?.id;
  const cluster = svc && s.port ? `kube_${svc.namespace}_${svc.name}_${s.port}` : 'kube_<namespace>_<service>_<port>';
  const gw = s.gateway ?? { namespace: 'kgateway-system', name: 'http' };
  switch (id) {
    case 'service':
      return [svc ? `kubectl${ctx} get service ${svc.name} -n ${svc.namespace} -o yaml` : `kubectl${ctx} get services --all-namespaces`];
    case 'policy':
      return [
        `kubectl${ctx} get backendconfigpolicies -n ${svc?.namespace ?? '<namespace>'}`,
        ...(s.policy ? [`kubectl${ctx} get backendconfigpolicy ${s.policy} -n ${svc?.namespace ?? '<namespace>'} -o yaml`] : []),
      ];
    case 'apply':
      return [
        ...(policyYaml ? [kubectlApplyYaml(policyYaml, context).trimEnd()] : []),
        `kubectl${ctx} get backendconfigpolicy ${s.policy ?? '<name>'} -n ${svc?.namespace ?? '<namespace>'} -o jsonpath='{.status.ancestors[*].conditions}'`,
      ];
    case 'fetch':
      return [
        `kubectl${ctx} port-forward deployment/${gw.name} -n ${gw.namespace} 19000`,
        'curl -X POST 127.0.0.1:19000/config_dump\\?include_eds > gateway-config.json',
      ];
    case 'verdict':
      return [
        `jq '.configs[] | .dynamic_active_clusters[]? | select(.cluster.name == "${cluster}") | .cluster.upstream_connection_options' gateway-config.json`,
      ];
    case 'cleanup':
      return [`kubectl${ctx} delete backendconfigpolicy ${s.policy ?? '<name>'} -n ${svc?.namespace ?? '<namespace>'}`];
    default:
      return [];
  }
}
