import type { Json } from './config-dump.ts';
// .ts extensions: npm run bench runs this file with Node's type stripping, which resolves no extensions.
import { envoyWholeSeconds, parseDuration } from '../policy/duration.ts';

// Expected vs effective for the BackendConfigPolicy spec fields, keepalive included: where
// kgateway's translator puts each value in an Envoy cluster, and how a snake_case /config_dump
// prints it. The one verdict engine: every field, one staleness rule. Pure.
//
// tls and upstreamProxyProtocol share the cluster's one transport_socket: proxy protocol wraps
// whatever TLS gives (else raw_buffer). A BackendTLSPolicy on the backend replaces the BCP's tls
// (v2.4+), so the caller says whether the BCP's tls can apply; when it cannot tell, tls is not judged.
// dns lands in the cluster_type extension of DNS clusters (Backends with hostnames); a Service (EDS)
// cluster has none, so dns on a Service shows as not there, which is what kgateway does with it.
//
// Left out, because a dump cannot confirm them field by field or the mapping is not certain:
// - tls certificates and validation (secretRef, files, wellKnownCACertificates, verifySubjectAltNames,
//   insecureSkipVerify, simpleTLS): their shape depends on the Secret's contents, which the dashboard
//   never reads.
// - loadBalancer hashPolicies and useHostnameForHashing (dropped unless the cluster is STRICT_DNS),
//   localityType (an empty marker message; main puts common_lb_config.locality_weighted_lb_config on
//   every cluster anyway), zoneAware (v2.4+, experimental).
// - http2ProtocolOptions.connectionKeepalive (v2.4+), circuitBreakers.{trackRemaining, retryBudget},
//   main's extra outlierDetection fields: no golden to check them against. healthCheck.http and .grpc
//   follow kgateway's healthcheck.go (translateHealthCheck), checked live by e2e/specs/every-field.
// - http1ProtocolOptions.preserveHttp1HeaderCase: false, which leaves nothing to look for.
// - Envoy's own defaults for fields the policy leaves unset: dumps omit them, so absence proves nothing.
//   Pass the stored spec: the CRD's OpenAPI defaults (outlierDetection 5 / 10s / 30s, choiceCount 2)
//   are part of what kgateway translates.
// HTTP/1 options reach only non-HTTP/2 backends and HTTP/2 options only HTTP/2 ones (appProtocol);
// kgateway skips the rest with a log line, so those show as "different" here, which they are.

export interface FieldExpectation {
  /** BCP spec path, dotted: 'connectTimeout', 'outlierDetection.consecutive5xx', 'commonHttpProtocolOptions.idleTimeout' */
  field: string;
  /** What the policy asks for, as written in the spec (string form). */
  asked: string;
  /** Path of the value in a live Envoy cluster (snake_case config_dump JSON), e.g. ['outlier_detection','consecutive_5xx'] */
  envoyPath: string[];
  /** The value Envoy should show there, in config_dump JSON form (proto durations as strings like "90s", "0.500s"; uint32 wrappers as numbers; bools). */
  expected: Json;
}

export interface FieldCheck extends FieldExpectation {
  actual?: Json;
  verdict: 'in effect' | 'different' | 'cluster missing' | 'not yet';
}

type Obj = Record<string, unknown>;
type Convert = (v: unknown) => Json | undefined;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A proto Duration as protojson prints it: whole seconds bare, else 3, 6 or 9 fractional digits. */
export function protoDuration(ms: number): string {
  const whole = Math.floor(ms / 1000);
  const frac = ms - whole * 1000;
  return frac === 0 ? `${whole}s` : `${whole}.${String(frac).padStart(3, '0')}s`;
}

const duration: Convert = (v) => {
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  return ms === undefined ? undefined : protoDuration(ms);
};
// kgateway hands Envoy keepalive times in whole seconds (a UInt32Value), rounding down.
const wholeSeconds: Convert = (v) => {
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  return ms === undefined ? undefined : envoyWholeSeconds(ms);
};
const uint: Convert = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
// protojson prints 64-bit integers as strings.
const uint64: Convert = (v) => (uint(v) === undefined ? undefined : String(v));
const num: Convert = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const bool: Convert = (v) => (typeof v === 'boolean' ? v : undefined);
const str: Convert = (v) => (typeof v === 'string' && v !== '' ? v : undefined);
// slowStart.aggression is a string in the CRD; kgateway hands Envoy the parsed double.
const numeric: Convert = (v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

const QUANTITY_SUFFIX: Record<string, number> = {
  '': 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  m: 1e-3,
};

/** A Kubernetes int-or-string quantity (`64Ki`) as an integer, rounded up like Quantity.Value(). */
const quantity: Convert = (v) => {
  if (typeof v === 'number') return uint(v);
  const m = typeof v === 'string' ? /^(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|k|M|G|T|m|[eE]\d+)?$/.exec(v) : null;
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  const scale = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : QUANTITY_SUFFIX[suffix]!;
  return Math.ceil(Number(m[1]) * scale);
};

const HPO = ['typed_extension_protocol_options', 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions'];
const COMMON = [...HPO, 'common_http_protocol_options'];
const HTTP1 = [...HPO, 'explicit_http_config', 'http_protocol_options'];
const HTTP2 = [...HPO, 'explicit_http_config', 'http2_protocol_options'];
const HEALTH = ['health_checks', '0'];
const THRESHOLDS = ['circuit_breakers', 'thresholds', '0'];
const LB_POLICY = ['load_balancing_policy', 'policies', '0', 'typed_extension_config'];

const KEEPALIVE = ['upstream_connection_options', 'tcp_keepalive'];
const DNS = ['cluster_type', 'typed_config'];

/** Spec path → Envoy path and conversion, for fields whose place does not depend on other fields. */
const FIELDS: [string, string[], Convert][] = [
  ['tcpKeepalive.keepAliveProbes', [...KEEPALIVE, 'keepalive_probes'], uint],
  ['tcpKeepalive.keepAliveTime', [...KEEPALIVE, 'keepalive_time'], wholeSeconds],
  ['tcpKeepalive.keepAliveInterval', [...KEEPALIVE, 'keepalive_interval'], wholeSeconds],
  ['connectTimeout', ['connect_timeout'], duration],
  ['perConnectionBufferLimitBytes', ['per_connection_buffer_limit_bytes'], uint],
  ['commonHttpProtocolOptions.idleTimeout', [...COMMON, 'idle_timeout'], duration],
  ['commonHttpProtocolOptions.maxHeadersCount', [...COMMON, 'max_headers_count'], uint],
  ['commonHttpProtocolOptions.maxStreamDuration', [...COMMON, 'max_stream_duration'], duration],
  ['commonHttpProtocolOptions.maxRequestsPerConnection', [...COMMON, 'max_requests_per_connection'], uint],
  ['http1ProtocolOptions.enableTrailers', [...HTTP1, 'enable_trailers'], bool],
  ['http1ProtocolOptions.overrideStreamErrorOnInvalidHttpMessage', [...HTTP1, 'override_stream_error_on_invalid_http_message'], bool],
  ['http2ProtocolOptions.initialStreamWindowSize', [...HTTP2, 'initial_stream_window_size'], quantity],
  ['http2ProtocolOptions.initialConnectionWindowSize', [...HTTP2, 'initial_connection_window_size'], quantity],
  ['http2ProtocolOptions.maxConcurrentStreams', [...HTTP2, 'max_concurrent_streams'], uint],
  ['http2ProtocolOptions.overrideStreamErrorOnInvalidHttpMessage', [...HTTP2, 'override_stream_error_on_invalid_http_message'], bool],
  ['outlierDetection.consecutive5xx', ['outlier_detection', 'consecutive_5xx'], uint],
  ['outlierDetection.interval', ['outlier_detection', 'interval'], duration],
  ['outlierDetection.baseEjectionTime', ['outlier_detection', 'base_ejection_time'], duration],
  ['outlierDetection.maxEjectionPercent', ['outlier_detection', 'max_ejection_percent'], uint],
  ['healthCheck.timeout', [...HEALTH, 'timeout'], duration],
  ['healthCheck.interval', [...HEALTH, 'interval'], duration],
  ['healthCheck.unhealthyThreshold', [...HEALTH, 'unhealthy_threshold'], uint],
  ['healthCheck.healthyThreshold', [...HEALTH, 'healthy_threshold'], uint],
  ['healthCheck.http.path', [...HEALTH, 'http_health_check', 'path'], str],
  ['healthCheck.http.host', [...HEALTH, 'http_health_check', 'host'], str],
  // Envoy's RequestMethod enum, printed by name (GET, HEAD, …), as the CRD spells it.
  ['healthCheck.http.method', [...HEALTH, 'http_health_check', 'method'], str],
  ['healthCheck.grpc.serviceName', [...HEALTH, 'grpc_health_check', 'service_name'], str],
  ['healthCheck.grpc.authority', [...HEALTH, 'grpc_health_check', 'authority'], str],
  ['circuitBreakers.maxConnections', [...THRESHOLDS, 'max_connections'], uint],
  ['circuitBreakers.maxPendingRequests', [...THRESHOLDS, 'max_pending_requests'], uint],
  ['circuitBreakers.maxRequests', [...THRESHOLDS, 'max_requests'], uint],
  ['circuitBreakers.maxRetries', [...THRESHOLDS, 'max_retries'], uint],
  // A Percent message: {"value": 50}.
  ['loadBalancer.healthyPanicThreshold', ['common_lb_config', 'healthy_panic_threshold', 'value'], num],
  ['loadBalancer.updateMergeWindow', ['common_lb_config', 'update_merge_window'], duration],
  ['loadBalancer.closeConnectionsOnHostSetChange', ['common_lb_config', 'close_connections_on_host_set_change'], bool],
  ['dns.refreshRate', [...DNS, 'dns_refresh_rate'], duration],
  ['dns.jitter', [...DNS, 'dns_jitter'], duration],
  ['dns.respectTTL', [...DNS, 'respect_dns_ttl'], bool],
];

const strings: Convert = (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
// TLS_AUTO is Envoy's 0, which a dump leaves out: nothing to see.
const TLS_VERSION: Record<string, string> = { '1.0': 'TLSv1_0', '1.1': 'TLSv1_1', '1.2': 'TLSv1_2', '1.3': 'TLSv1_3' };
const tlsVersion: Convert = (v) => (typeof v === 'string' ? TLS_VERSION[v] : undefined);

/** What kgateway makes of a BCP's tls inside an UpstreamTlsContext (relative to its typed_config). */
const TLS_FIELDS: [string, string[], Convert][] = [
  ['sni', ['sni'], str],
  ['allowRenegotiation', ['allow_renegotiation'], bool],
  ['alpnProtocols', ['common_tls_context', 'alpn_protocols'], strings],
  ['parameters.minVersion', ['common_tls_context', 'tls_params', 'tls_minimum_protocol_version'], tlsVersion],
  ['parameters.maxVersion', ['common_tls_context', 'tls_params', 'tls_maximum_protocol_version'], tlsVersion],
  ['parameters.cipherSuites', ['common_tls_context', 'tls_params', 'cipher_suites'], strings],
  ['parameters.ecdhCurves', ['common_tls_context', 'tls_params', 'ecdh_curves'], strings],
  ['parameters.signatureAlgorithms', ['common_tls_context', 'tls_params', 'signature_algorithms'], strings],
];

/** Envoy's policy names, in the order kgateway's translator tries the kinds. */
const LB_KINDS: Record<string, string> = {
  leastRequest: 'least_request',
  roundRobin: 'round_robin',
  ringHash: 'ring_hash',
  maglev: 'maglev',
  random: 'random',
};

/** Fields inside the chosen kind, relative to its typed_config. */
const LB_KIND_FIELDS: Record<string, [string, string[], Convert][]> = {
  leastRequest: [['choiceCount', ['choice_count'], uint]],
  ringHash: [
    ['minimumRingSize', ['minimum_ring_size'], uint64],
    ['maximumRingSize', ['maximum_ring_size'], uint64],
  ],
};
const SLOW_START: [string, string[], Convert][] = [
  ['slowStart.window', ['slow_start_config', 'slow_start_window'], duration],
  ['slowStart.aggression', ['slow_start_config', 'aggression', 'default_value'], numeric],
  ['slowStart.minWeightPercent', ['slow_start_config', 'min_weight_percent', 'value'], num],
];

function at(value: unknown, path: string[]): unknown {
  let v = value;
  for (const p of path) {
    if (Array.isArray(v)) v = v[Number(p)];
    else if (isObj(v)) v = v[p];
    else return undefined;
  }
  return v;
}

const asText = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

export interface ClusterContext {
  /** Whether the policy's tls reaches the cluster: false under a BackendTLSPolicy, undefined when unknown. */
  tlsApplies?: boolean;
  /**
   * Whether the Service port is HTTP/2 by its appProtocol (http2, grpc, grpc-web, kubernetes.io/h2c):
   * kgateway applies http2ProtocolOptions only there and http1ProtocolOptions only elsewhere, and
   * skips the other silently. Undefined: both are judged.
   */
  http2?: boolean;
}

/** The appProtocols kgateway treats as HTTP/2 (`ParseAppProtocol`, pkg/pluginsdk/ir/backend.go). */
export const HTTP2_APP_PROTOCOLS = new Set(['http2', 'grpc', 'grpc-web', 'kubernetes.io/h2c']);

/** What a BackendConfigPolicy spec should put in the Envoy cluster of each backend it targets. */
export function expectedClusterFields(spec: Record<string, unknown>, context: ClusterContext = {}): FieldExpectation[] {
  const out: FieldExpectation[] = [];
  const add = (field: string, raw: unknown, envoyPath: string[], convert: Convert) => {
    const expected = raw === undefined ? undefined : convert(raw);
    if (expected !== undefined) out.push({ field, asked: asText(raw), envoyPath, expected });
  };
  const skipped = context.http2 === true ? 'http1ProtocolOptions.' : context.http2 === false ? 'http2ProtocolOptions.' : undefined;
  for (const [field, envoyPath, convert] of FIELDS) {
    if (skipped && field.startsWith(skipped)) continue; // kgateway skips it on this port: a finding says so
    add(field, at(spec, field.split('.')), envoyPath, convert);
  }
  if (context.http2 !== true && at(spec, ['http1ProtocolOptions', 'preserveHttp1HeaderCase']) === true) {
    out.push({
      field: 'http1ProtocolOptions.preserveHttp1HeaderCase',
      asked: 'true',
      envoyPath: [...HTTP1, 'header_key_format', 'stateful_formatter', 'name'],
      expected: 'envoy.http.stateful_header_formatters.preserve_case',
    });
  }

  transportSocketFields(spec, context, out, add);

  const lb = spec.loadBalancer;
  const kind = isObj(lb) ? Object.keys(LB_KINDS).find((k) => isObj(lb[k])) : undefined;
  if (isObj(lb) && kind) {
    out.push({
      field: `loadBalancer.${kind}`,
      asked: kind,
      envoyPath: [...LB_POLICY, 'name'],
      expected: `envoy.load_balancing_policies.${LB_KINDS[kind]}`,
    });
    const slowStart = kind === 'leastRequest' || kind === 'roundRobin' ? SLOW_START : [];
    for (const [sub, path, convert] of [...(LB_KIND_FIELDS[kind] ?? []), ...slowStart]) {
      add(`loadBalancer.${kind}.${sub}`, at(lb[kind], sub.split('.')), [...LB_POLICY, 'typed_config', ...path], convert);
    }
  }
  return out;
}

type Add = (field: string, raw: unknown, envoyPath: string[], convert: Convert) => void;

/** tls and upstreamProxyProtocol, in the one transport_socket they share. */
function transportSocketFields(spec: Obj, context: ClusterContext, out: FieldExpectation[], add: Add): void {
  const pp = spec.upstreamProxyProtocol;
  const TS = ['transport_socket'];
  if (isObj(pp)) {
    out.push({ field: 'upstreamProxyProtocol', asked: asText(pp), envoyPath: [...TS, 'name'], expected: UPSTREAM_PROXY_PROTOCOL });
    // V1 is the enum's 0, which a dump leaves out.
    if (pp.version === 'V2')
      out.push({
        field: 'upstreamProxyProtocol.version',
        asked: 'V2',
        envoyPath: [...TS, 'typed_config', 'config', 'version'],
        expected: 'V2',
      });
  }
  const tls = spec.tls;
  if (isObj(tls) && context.tlsApplies === true) {
    const socket = isObj(pp) ? [...TS, 'typed_config', 'transport_socket'] : TS;
    out.push({ field: 'tls', asked: asText(tls), envoyPath: [...socket, 'name'], expected: 'envoy.transport_sockets.tls' });
    for (const [sub, path, convert] of TLS_FIELDS)
      add(`tls.${sub}`, at(tls, sub.split('.')), [...socket, 'typed_config', ...path], convert);
  }
}

const UPSTREAM_PROXY_PROTOCOL = 'envoy.transport_sockets.upstream_proxy_protocol';

const PROTO_DURATION = /^(\d+)(?:\.(\d{1,9}))?s$/;

/** A proto Duration string in milliseconds (fractional below 1 ms), or undefined. */
function durationMs(v: Json | undefined): number | undefined {
  const m = typeof v === 'string' ? PROTO_DURATION.exec(v) : null;
  return m ? Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(9, '0')) / 1e6 : undefined;
}

/** Structural equality with an explicit stack: a cluster value nested deeper than the call stack compares too. */
function deepEqual(a: Json, b: Json): boolean {
  const pairs: [Json, Json][] = [[a, b]];
  while (pairs.length > 0) {
    const [x, y] = pairs.pop()!;
    if (x === y) continue;
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
      x.forEach((v, i) => pairs.push([v, y[i]!]));
      continue;
    }
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length || !keys.every((k) => k in y)) return false;
    for (const k of keys) pairs.push([x[k]!, y[k]!]);
  }
  return true;
}

function matches(expected: Json, actual: Json | undefined): boolean {
  // protojson omits false and 0, so a policy asking for them leaves nothing to see.
  if (actual === undefined) return expected === false || expected === 0;
  const e = durationMs(expected);
  const a = durationMs(actual);
  if (e !== undefined && a !== undefined) return e === a;
  return deepEqual(expected, actual);
}

/**
 * Compares each expectation with one replica's cluster. A mismatch on a cluster Envoy last updated
 * before the policy was last written (`stale`) is "not yet": that replica has not received the change.
 */
export function checkClusterFields<T extends FieldExpectation>(
  expectations: T[],
  cluster: Record<string, Json> | undefined,
  stale: boolean,
): (T & Pick<FieldCheck, 'actual' | 'verdict'>)[] {
  return expectations.map((e) => {
    const actual = cluster ? (at(cluster, e.envoyPath) as Json | undefined) : undefined;
    const verdict: FieldCheck['verdict'] = !cluster
      ? 'cluster missing'
      : matches(e.expected, actual)
        ? 'in effect'
        : stale
          ? 'not yet'
          : 'different';
    return { ...e, actual, verdict };
  });
}

/**
 * Where a spec field lands in the Envoy cluster (snake_case path), for the form's help: the same
 * tables the verdicts use. TLS fields are shown as on a TLS socket of their own (with proxy protocol
 * they sit one socket deeper). Undefined for fields no verdict checks.
 */
export function envoyPathOf(field: string): string | undefined {
  const f = field.replace(/^spec\./, '');
  const direct = FIELDS.find(([name]) => name === f);
  if (direct) return direct[1].join('.');
  const lb = /^loadBalancer\.(leastRequest|roundRobin|ringHash|maglev|random)(?:\.(.+))?$/.exec(f);
  if (lb) {
    const [, kind, sub] = lb as unknown as [string, string, string | undefined];
    if (!sub) return [...LB_POLICY, 'name'].join('.');
    const slowStart = kind === 'leastRequest' || kind === 'roundRobin' ? SLOW_START : [];
    const hit = [...(LB_KIND_FIELDS[kind] ?? []), ...slowStart].find(([name]) => name === sub);
    return hit && [...LB_POLICY, 'typed_config', ...hit[1]].join('.');
  }
  const tls = /^tls\.(.+)$/.exec(f);
  if (tls) {
    const hit = TLS_FIELDS.find(([name]) => name === tls[1]);
    return hit && ['transport_socket', 'typed_config', ...hit[1]].join('.');
  }
  if (f === 'upstreamProxyProtocol.version') return 'transport_socket.typed_config.config.version';
  if (f === 'http1ProtocolOptions.preserveHttp1HeaderCase') return [...HTTP1, 'header_key_format', 'stateful_formatter'].join('.');
  return undefined;
}
