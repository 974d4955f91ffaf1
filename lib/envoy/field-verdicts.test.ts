import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Json } from './config-dump';
import { findCluster } from './config-dump';
import { checkClusterFields, envoyPathOf, expectedClusterFields, protoDuration } from './field-verdicts';

type Obj = Record<string, Json>;
const GOLDEN = 'fixtures/kgateway/golden';

const readDocs = (file: string): Obj[] =>
  parseAllDocuments(readFileSync(`${GOLDEN}/${file}`, 'utf8'))
    .map((d) => d.toJS() as Obj)
    .filter(Boolean);

// Goldens are camelCase protojson, a live dump is snake_case. Map keys (`envoy.extensions…`) and
// `@type` stay as they are. Envoy writes status classes with an underscore (`consecutive_5xx`) but
// keeps version digits on the word (`http2_protocol_options`, `ipv4_compat`).
const snakeKey = (k: string) =>
  k.includes('.') || k.startsWith('@') ? k : k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/([a-z])(\dxx)/g, '$1_$2');

function snake(v: Json): Json {
  if (Array.isArray(v)) return v.map(snake);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [snakeKey(k), snake(x)]));
}

function goldenClusters(file: string): Map<string, Obj> {
  const [doc] = readDocs(file);
  const clusters = (doc?.Clusters ?? doc?.clusters) as Obj[];
  return new Map(clusters.map((c) => [String(c.name), snake(c) as Obj]));
}

const CASES: [string, string][] = [
  ['v2.1.x/translator/backendconfigpolicy/lb-config.input.yaml', 'v2.1.x/translator/backendconfigpolicy/lb-config.output.yaml'],
  [
    'v2.1.x/translator/backendconfigpolicy/outlierdetection.input.yaml',
    'v2.1.x/translator/backendconfigpolicy/outlierdetection.output.yaml',
  ],
  ['v2.1.x/setup-standard/backendconfigpolicy.yaml', 'v2.1.x/setup-standard/backendconfigpolicy-out.yaml'],
  ['main/setup-standard/backendconfigpolicy.yaml', 'main/setup-standard/backendconfigpolicy-out.yaml'],
  [
    'main/translator/backendconfigpolicy/merge-multiple-bcp.input.yaml',
    'main/translator/backendconfigpolicy/merge-multiple-bcp.output.yaml',
  ],
];

interface Row {
  input: string;
  policy: string;
  clusterName: string;
  spec: Obj;
  winning: Set<string>;
  cluster?: Obj;
}

/** Each (policy, target cluster) pair with the top-level fields the policy wins there. */
function rows(input: string, output: string): Row[] {
  const docs = readDocs(input);
  const clusters = goldenClusters(output);
  const ns = (d: Obj) => String((d.metadata as Obj).namespace ?? 'default');
  const policies = docs.filter((d) => d.kind === 'BackendConfigPolicy');
  const created = (d: Obj) => Date.parse(String((d.metadata as Obj).creationTimestamp ?? 0));
  const clustersOf = (p: Obj) =>
    ((p.spec as Obj).targetRefs as Obj[])
      .filter((r) => r.kind === 'Service')
      .flatMap((r) => docs.filter((d) => d.kind === 'Service' && ns(d) === ns(p) && (d.metadata as Obj).name === r.name))
      .flatMap((svc) => ((svc.spec as Obj).ports as Obj[]).map((port) => `kube_${ns(svc)}_${(svc.metadata as Obj).name}_${port.port}`));
  return policies.flatMap((p) =>
    clustersOf(p).map((clusterName) => {
      // v2.4+ merge: per top-level spec field the oldest policy on the backend wins.
      const older = policies.filter((o) => o !== p && created(o) < created(p) && clustersOf(o).includes(clusterName));
      const taken = new Set(older.flatMap((o) => Object.keys(o.spec as Obj)));
      const winning = new Set(Object.keys(p.spec as Obj).filter((k) => !taken.has(k)));
      return {
        input,
        policy: String((p.metadata as Obj).name),
        clusterName,
        spec: p.spec as Obj,
        winning,
        cluster: clusters.get(clusterName),
      };
    }),
  );
}

const ALL = CASES.flatMap(([input, output]) => rows(input, output));

describe('expectedClusterFields against kgateway translator goldens', () => {
  it.each(CASES)('%s has policies with target clusters', (input) => {
    expect(ALL.filter((r) => r.input === input).length).toBeGreaterThan(0);
  });

  it.each(ALL.map((r) => [r.input, r.policy, r.clusterName, r] as const))('%s: %s is in effect on %s', (_file, _policy, _cluster, r) => {
    expect(r.cluster).toBeDefined();
    const expectations = expectedClusterFields(r.spec).filter((e) => r.winning.has(e.field.split('.')[0]!));
    expect(expectations.length).toBeGreaterThan(0);
    const checks = checkClusterFields(expectations, r.cluster, false);
    expect(checks.filter((c) => c.verdict !== 'in effect')).toEqual([]);
  });

  it('covers what the goldens show, in Envoy form', () => {
    const fields = (input: string, policy: string) =>
      expectedClusterFields(ALL.find((r) => r.input.endsWith(input) && r.policy === policy)!.spec);
    expect(fields('outlierdetection.input.yaml', 'httpbin-policy').map((e) => [e.envoyPath.join('.'), e.expected])).toEqual([
      ['outlier_detection.consecutive_5xx', 1],
      ['outlier_detection.interval', '2s'],
      ['outlier_detection.base_ejection_time', '14400s'],
      ['outlier_detection.max_ejection_percent', 55],
    ]);
    expect(fields('lb-config.input.yaml', 'httpbin-rh-policy').map((e) => e.expected)).toEqual([
      'envoy.load_balancing_policies.ring_hash',
      '1024',
    ]);
    expect(fields('lb-config.input.yaml', 'httpbin-rr-policy').map((e) => [e.field, e.expected])).toEqual([
      ['loadBalancer.roundRobin', 'envoy.load_balancing_policies.round_robin'],
      ['loadBalancer.roundRobin.slowStart.window', '10s'],
      ['loadBalancer.roundRobin.slowStart.aggression', 1.5],
      ['loadBalancer.roundRobin.slowStart.minWeightPercent', 10],
    ]);
  });

  it('merge-multiple-bcp: the newer policy loses connectTimeout to the older one', () => {
    const newer = ALL.find((r) => r.policy === 'bcp-newer')!;
    expect([...newer.winning]).toEqual(['circuitBreakers']);
    const lost = expectedClusterFields(newer.spec).filter((e) => e.field === 'connectTimeout');
    expect(checkClusterFields(lost, newer.cluster, false).map((c) => [c.expected, c.actual, c.verdict])).toEqual([
      ['99s', '5s', 'different'],
    ]);
  });
});

describe('expectedClusterFields', () => {
  it.each([
    ['5s', '5s'],
    ['1m30s', '90s'],
    ['500ms', '0.500s'],
    ['1s500ms', '1.500s'],
    ['4h', '14400s'],
    ['1ms', '0.001s'],
    ['0s', '0s'],
  ])('connectTimeout %s is connect_timeout %j', (asked, envoy) => {
    expect(expectedClusterFields({ connectTimeout: asked })).toEqual([
      { field: 'connectTimeout', asked, envoyPath: ['connect_timeout'], expected: envoy },
    ]);
  });

  it('formats proto durations like protojson', () => {
    expect([0, 5_000, 90_000, 500, 1_050, 61_001].map(protoDuration)).toEqual(['0s', '5s', '90s', '0.500s', '1.050s', '61.001s']);
  });

  it('turns HTTP/2 window quantities into numbers', () => {
    const e = expectedClusterFields({
      http2ProtocolOptions: { initialStreamWindowSize: '64Ki', initialConnectionWindowSize: 1048576, maxConcurrentStreams: 100 },
    });
    expect(e.map((x) => [x.envoyPath.at(-1), x.asked, x.expected])).toEqual([
      ['initial_stream_window_size', '64Ki', 65536],
      ['initial_connection_window_size', '1048576', 1048576],
      ['max_concurrent_streams', '100', 100],
    ]);
    expect(e[0]!.envoyPath.slice(0, 4)).toEqual([
      'typed_extension_protocol_options',
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
      'explicit_http_config',
      'http2_protocol_options',
    ]);
    expect(expectedClusterFields({ http2ProtocolOptions: { initialStreamWindowSize: '1Mi' } })[0]!.expected).toBe(1048576);
  });

  it('maps health checks, circuit breakers and the load balancer', () => {
    const e = expectedClusterFields({
      healthCheck: { timeout: '1s', interval: '10s', unhealthyThreshold: 3, healthyThreshold: 2, http: { path: '/healthz' } },
      circuitBreakers: { maxConnections: 10, maxRetries: 0 },
      loadBalancer: { healthyPanicThreshold: 40, updateMergeWindow: '1500ms', leastRequest: { choiceCount: 3 } },
    });
    expect(Object.fromEntries(e.map((x) => [x.envoyPath.join('.'), x.expected]))).toEqual({
      'health_checks.0.timeout': '1s',
      'health_checks.0.interval': '10s',
      'health_checks.0.unhealthy_threshold': 3,
      'health_checks.0.healthy_threshold': 2,
      'health_checks.0.http_health_check.path': '/healthz',
      'circuit_breakers.thresholds.0.max_connections': 10,
      'circuit_breakers.thresholds.0.max_retries': 0,
      'common_lb_config.healthy_panic_threshold.value': 40,
      'common_lb_config.update_merge_window': '1.500s',
      'load_balancing_policy.policies.0.typed_extension_config.name': 'envoy.load_balancing_policies.least_request',
      'load_balancing_policy.policies.0.typed_extension_config.typed_config.choice_count': 3,
    });
  });

  it.each([
    ['leastRequest', 'least_request'],
    ['roundRobin', 'round_robin'],
    ['ringHash', 'ring_hash'],
    ['maglev', 'maglev'],
    ['random', 'random'],
  ])('loadBalancer.%s is envoy.load_balancing_policies.%s', (kind, envoy) => {
    expect(expectedClusterFields({ loadBalancer: { [kind]: {} } })).toEqual([
      {
        field: `loadBalancer.${kind}`,
        asked: kind,
        envoyPath: ['load_balancing_policy', 'policies', '0', 'typed_extension_config', 'name'],
        expected: `envoy.load_balancing_policies.${envoy}`,
      },
    ]);
  });

  it('leaves out what it cannot check: tls when a BackendTLSPolicy may replace it, markers, certificates', () => {
    const spec = {
      targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }],
      tls: { insecureSkipVerify: true, sni: 'example.com' },
      loadBalancer: { localityType: 'WeightedLb' },
    };
    expect(expectedClusterFields(spec)).toEqual([]); // BackendTLSPolicy unknown
    expect(expectedClusterFields(spec, { tlsApplies: false })).toEqual([]);
    expect(expectedClusterFields(spec, { tlsApplies: true }).map((f) => f.field)).toEqual(['tls', 'tls.sni']);
  });

  it('puts TLS inside the proxy protocol socket when both are set, as kgateway wraps them', () => {
    const spec = {
      upstreamProxyProtocol: { version: 'V2' },
      tls: { sni: 'example.com', alpnProtocols: ['h2'], parameters: { minVersion: '1.2', maxVersion: 'AUTO' } },
    };
    expect(expectedClusterFields(spec, { tlsApplies: true }).map((f) => [f.field, f.envoyPath.join('.'), f.expected])).toEqual([
      ['upstreamProxyProtocol', 'transport_socket.name', 'envoy.transport_sockets.upstream_proxy_protocol'],
      ['upstreamProxyProtocol.version', 'transport_socket.typed_config.config.version', 'V2'],
      ['tls', 'transport_socket.typed_config.transport_socket.name', 'envoy.transport_sockets.tls'],
      ['tls.sni', 'transport_socket.typed_config.transport_socket.typed_config.sni', 'example.com'],
      ['tls.alpnProtocols', 'transport_socket.typed_config.transport_socket.typed_config.common_tls_context.alpn_protocols', ['h2']],
      [
        'tls.parameters.minVersion',
        'transport_socket.typed_config.transport_socket.typed_config.common_tls_context.tls_params.tls_minimum_protocol_version',
        'TLSv1_2',
      ],
    ]);
  });

  it('looks for dns in the DNS cluster extension, where kgateway puts it', () => {
    expect(expectedClusterFields({ dns: { refreshRate: '5s', respectTTL: true } }).map((f) => [f.envoyPath.join('.'), f.expected])).toEqual(
      [
        ['cluster_type.typed_config.dns_refresh_rate', '5s'],
        ['cluster_type.typed_config.respect_dns_ttl', true],
      ],
    );
  });

  it('skips values the CRD would reject', () => {
    expect(
      expectedClusterFields({ connectTimeout: '1.5s', perConnectionBufferLimitBytes: -1, outlierDetection: { consecutive5xx: 'x' } }),
    ).toEqual([]);
  });
});

describe('checkClusterFields', () => {
  const cluster: Obj = {
    connect_timeout: '5.000s',
    outlier_detection: { consecutive_5xx: 1, interval: '2s' },
  };
  const spec = { connectTimeout: '5s', outlierDetection: { consecutive5xx: 1, interval: '3s' } };

  it('compares durations by value and tells a different value apart', () => {
    expect(checkClusterFields(expectedClusterFields(spec), cluster, false).map((c) => [c.field, c.actual, c.verdict])).toEqual([
      ['connectTimeout', '5.000s', 'in effect'],
      ['outlierDetection.consecutive5xx', 1, 'in effect'],
      ['outlierDetection.interval', '2s', 'different'],
    ]);
  });

  it('says "not yet" for a mismatch on a cluster older than the policy', () => {
    expect(checkClusterFields(expectedClusterFields(spec), cluster, true).map((c) => c.verdict)).toEqual([
      'in effect',
      'in effect',
      'not yet',
    ]);
  });

  it('says "cluster missing" without a cluster', () => {
    expect(checkClusterFields(expectedClusterFields(spec), undefined, false).map((c) => c.verdict)).toEqual([
      'cluster missing',
      'cluster missing',
      'cluster missing',
    ]);
  });

  it('counts an omitted field as false or 0, as protojson prints them', () => {
    const zero = expectedClusterFields({ http1ProtocolOptions: { enableTrailers: false }, outlierDetection: { consecutive5xx: 0 } });
    expect(checkClusterFields(zero, {}, false).map((c) => c.verdict)).toEqual(['in effect', 'in effect']);
    const set = expectedClusterFields({ http1ProtocolOptions: { enableTrailers: true }, connectTimeout: '0s' });
    expect(checkClusterFields(set, {}, false).map((c) => [c.field, c.verdict])).toEqual([
      ['connectTimeout', 'different'],
      ['http1ProtocolOptions.enableTrailers', 'different'],
    ]);
  });

  it('compares objects and arrays deeply, uint64 strings exactly', () => {
    const e = [{ field: 'x', asked: 'x', envoyPath: ['a'], expected: { b: [1, { c: true }] } }];
    expect(checkClusterFields(e, { a: { b: [1, { c: true }] } }, false)[0]!.verdict).toBe('in effect');
    expect(checkClusterFields(e, { a: { b: [1, { c: false }] } }, false)[0]!.verdict).toBe('different');
    const ring = expectedClusterFields({ loadBalancer: { ringHash: { minimumRingSize: 1024 } } });
    const typed = { minimum_ring_size: '2048' };
    expect(
      checkClusterFields(
        ring,
        {
          load_balancing_policy: {
            policies: [{ typed_extension_config: { name: 'envoy.load_balancing_policies.ring_hash', typed_config: typed } }],
          },
        },
        false,
      ).map((c) => c.verdict),
    ).toEqual(['in effect', 'different']);
  });

  it('compares values nested 100,000 levels deep without overflowing the stack', () => {
    const nested = (leaf: string) => JSON.parse(`${'{"b":['.repeat(50_000)}${leaf}${']}'.repeat(50_000)}`) as Json;
    const e = [{ field: 'x', asked: 'x', envoyPath: ['a'], expected: nested('1') }];
    expect(checkClusterFields(e, { a: nested('1') }, false).map((c) => c.verdict)).toEqual(['in effect']);
    expect(checkClusterFields(e, { a: nested('2') }, false).map((c) => c.verdict)).toEqual(['different']);
    expect(checkClusterFields(e, { a: nested('1, 1') }, false).map((c) => c.verdict)).toEqual(['different']);
  });

  it('reads a live Envoy dump: connectTimeout 5s is in effect on kube_httpbin_httpbin_8000', () => {
    const dump = JSON.parse(readFileSync('fixtures/envoy/config-dump-httpbin-keepalive.json', 'utf8'));
    const live = findCluster(dump, 'kube_httpbin_httpbin_8000')!.cluster;
    expect(checkClusterFields(expectedClusterFields({ connectTimeout: '5s' }), live, false)).toEqual([
      { field: 'connectTimeout', asked: '5s', envoyPath: ['connect_timeout'], expected: '5s', actual: '5s', verdict: 'in effect' },
    ]);
    expect(checkClusterFields(expectedClusterFields({ connectTimeout: '5001ms' }), live, false)[0]!.verdict).toBe('different');
  });
});

describe('envoyPathOf', () => {
  it('names where each field lands, from the same tables the verdicts use', () => {
    expect(envoyPathOf('spec.connectTimeout')).toBe('connect_timeout');
    expect(envoyPathOf('tcpKeepalive.keepAliveTime')).toBe('upstream_connection_options.tcp_keepalive.keepalive_time');
    expect(envoyPathOf('loadBalancer.leastRequest.choiceCount')).toBe(
      'load_balancing_policy.policies.0.typed_extension_config.typed_config.choice_count',
    );
    expect(envoyPathOf('tls.sni')).toBe('transport_socket.typed_config.sni');
    expect(envoyPathOf('healthCheck.http.path')).toBe('health_checks.0.http_health_check.path');
    expect(envoyPathOf('loadBalancer.maglev.hashPolicies')).toBeUndefined(); // not judged, so not claimed
  });
  it('agrees with the expectations it describes', () => {
    const spec = { connectTimeout: '3s', outlierDetection: { consecutive5xx: 5 }, loadBalancer: { ringHash: { minimumRingSize: 8 } } };
    for (const e of expectedClusterFields(spec)) expect(envoyPathOf(e.field), e.field).toBe(e.envoyPath.join('.'));
  });
});

describe('HTTP/1 and HTTP/2 options by the port kgateway applies them to', () => {
  const spec = { http1ProtocolOptions: { enableTrailers: true }, http2ProtocolOptions: { maxConcurrentStreams: 10 } };
  const fields = (http2?: boolean) => expectedClusterFields(spec, { http2 }).map((f) => f.field);
  it('judges only the options kgateway applies on that port, and both when the port is unknown', () => {
    expect(fields(false)).toEqual(['http1ProtocolOptions.enableTrailers']);
    expect(fields(true)).toEqual(['http2ProtocolOptions.maxConcurrentStreams']);
    expect(fields(undefined)).toEqual(['http1ProtocolOptions.enableTrailers', 'http2ProtocolOptions.maxConcurrentStreams']);
  });
});
