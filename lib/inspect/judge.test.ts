import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyDto, ReplicaView, ServiceDto } from '@/lib/wire/dto';
import { summarizeDump } from '@/lib/envoy/config-dump';
import { expectationFor, isStale, judge, type Replica } from './judge';

// Replicas judged from real dumps of the local Envoy (fixtures/envoy/README.md): one taken with
// kgateway's guide policy `httpbin-keepalive` applied (probes 3, time 30s, interval 5s), one after
// it was deleted. The guide (fixtures/kgateway/docs/tcp-keepalive.md) prints what Envoy should show.

const withPolicy: unknown = JSON.parse(readFileSync('fixtures/envoy/config-dump-httpbin-keepalive.json', 'utf8'));
const withoutPolicy: unknown = JSON.parse(readFileSync('fixtures/envoy/config-dump-no-policy.json', 'utf8'));
const GUIDE_ENVOY = { keepalive_probes: 3, keepalive_time: 30, keepalive_interval: 5 };

// In the no-policy dump, Envoy last updated kube_httpbin_httpbin_8000 at 14:33:55.274Z.
const AFTER_NO_POLICY_DUMP = '2026-11-27T14:34:00Z';
const BEFORE_EITHER_DUMP = '2026-11-27T14:33:20Z';
const at = (iso: string, plusMs: number) => Date.parse(iso) + plusMs;

const httpbin: ServiceDto = {
  namespace: 'httpbin',
  name: 'httpbin',
  type: 'ClusterIP',
  labels: { app: 'httpbin', service: 'httpbin' },
  ports: [{ name: 'http', port: 8000, targetPort: 8080, protocol: 'TCP' }],
};
const port8000 = { namespace: 'httpbin', name: 'httpbin', port: 8000 };

/**
 * A policy as the API routes hand it out (lib/k8s/to-dto.ts toPolicyDto): the spec as stored and
 * the user's writes from managedFields, newest first, kgateway's status writes left out.
 */
function policy(name: string, opts: { created: string; written: string[]; spec: Record<string, unknown>; namespace?: string }): PolicyDto {
  return {
    namespace: opts.namespace ?? 'httpbin',
    name,
    creationTimestamp: opts.created,
    generation: opts.written.length,
    resourceVersion: '4711',
    spec: opts.spec,
    ancestors: [
      {
        ref: 'gateway.networking.k8s.io/Gateway kgateway-system/http',
        controllerName: 'kgateway.dev/kgateway',
        conditions: [{ type: 'Accepted', status: 'True', reason: 'Valid', observedGeneration: opts.written.length }],
      },
    ],
    managers: [...opts.written]
      .sort()
      .reverse()
      .map((time) => ({ manager: 'kubectl-client-side-apply', operation: 'Update', time })),
  };
}

const guideSpec = {
  targetRefs: [{ name: 'httpbin', group: '', kind: 'Service' }],
  tcpKeepalive: { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' },
};
const guide = (written: string) => policy('httpbin-keepalive', { created: '2026-11-27T14:00:00Z', written: [written], spec: guideSpec });

/** A second policy on httpbin that sets connect_timeout (kgateway's default in the dumps is 5s). */
const timeouts = (connectTimeout: string, written: string) =>
  policy('httpbin-timeouts', {
    created: '2026-11-27T15:00:00Z',
    written: [written],
    spec: { targetRefs: [{ name: 'httpbin', group: '', kind: 'Service' }], connectTimeout },
  });

function replica(pod: string, dump: unknown): Replica {
  return { pod, dump, bytes: JSON.stringify(dump).length, summary: summarizeDump(dump) };
}

const isKeepalive = (c: { field: string }) => c.field.startsWith('tcpKeepalive.');
/** The keepalive fields' verdicts, from the one engine's checks. */
const verdictsOf = (r: ReplicaView) => r.fieldChecks?.filter(isKeepalive).map((c) => c.verdict);
/** The checks of every other field. */
const others = (r: ReplicaView) => r.fieldChecks?.filter((c) => !isKeepalive(c));
const GUIDE_FIELDS = [
  ['tcpKeepalive.keepAliveProbes', 3, 'httpbin-keepalive'],
  ['tcpKeepalive.keepAliveTime', 30, 'httpbin-keepalive'],
  ['tcpKeepalive.keepAliveInterval', 5, 'httpbin-keepalive'],
];

describe('expectationFor', () => {
  it("asks for the guide's keepalive in Envoy's units, and names the policy", () => {
    const e = expectationFor(httpbin, [guide(BEFORE_EITHER_DUMP)], 'oldest-wins');
    expect(e.policy).toEqual({ name: 'httpbin-keepalive', asked: guideSpec.tcpKeepalive, overridden: [] });
    expect(e.expected).toEqual(GUIDE_ENVOY);
    expect(e.targeting).toEqual(['httpbin-keepalive']);
    expect(e.lastWrite).toBe(BEFORE_EITHER_DUMP);
    expect(e.highlight).toEqual([['upstream_connection_options']]);
    expect(e.fields.map((f) => [f.field, f.expected, f.from])).toEqual(GUIDE_FIELDS);
  });

  it('asks nothing of a Service no policy targets, in its namespace or by name', () => {
    const elsewhere = policy('shop-keepalive', {
      created: '2026-11-27T14:00:00Z',
      written: [BEFORE_EITHER_DUMP],
      spec: guideSpec,
      namespace: 'shop',
    });
    const otherService = policy('cart-keepalive', {
      created: '2026-11-27T14:00:00Z',
      written: [BEFORE_EITHER_DUMP],
      spec: { ...guideSpec, targetRefs: [{ name: 'cart', group: '', kind: 'Service' }] },
    });
    const e = expectationFor(httpbin, [elsewhere, otherService], 'oldest-wins');
    expect(e.policy).toBeUndefined();
    expect(e.expected).toBeUndefined();
    expect(e.targeting).toEqual([]);
    expect(e.lastWrite).toBeUndefined();
    expect(e.fields).toEqual([]);
  });

  it('follows the merge rule for who supplies keepalive, and takes other fields from whoever sets them', () => {
    const newer = policy('httpbin-timeouts', {
      created: '2026-11-27T15:00:00Z',
      written: ['2026-11-27T15:00:00Z', '2026-11-27T15:30:00Z'],
      spec: {
        targetSelectors: [{ group: '', kind: 'Service', matchLabels: { app: 'httpbin' } }],
        tcpKeepalive: { keepAliveProbes: 9 },
        connectTimeout: '7s',
      },
    });
    const policies = [newer, guide(BEFORE_EITHER_DUMP)];

    const oldest = expectationFor(httpbin, policies, 'oldest-wins');
    expect(oldest.policy).toMatchObject({ name: 'httpbin-keepalive', overridden: ['httpbin-timeouts'] });
    expect(oldest.expected).toEqual(GUIDE_ENVOY);
    expect(oldest.fields.filter((f) => !isKeepalive(f))).toEqual([
      { field: 'connectTimeout', asked: '7s', envoyPath: ['connect_timeout'], expected: '7s', from: 'httpbin-timeouts' },
    ]);
    expect(oldest.fields.filter(isKeepalive).map((f) => [f.field, f.expected, f.from])).toEqual(GUIDE_FIELDS);
    expect(oldest.targeting.sort()).toEqual(['httpbin-keepalive', 'httpbin-timeouts']);
    // The newest write of any targeting policy, whichever supplies keepalive.
    expect(oldest.lastWrite).toBe('2026-11-27T15:30:00Z');
    expect(oldest.highlight).toEqual(expect.arrayContaining([['upstream_connection_options'], ['connect_timeout']]));

    const newest = expectationFor(httpbin, policies, 'newest-wins');
    expect(newest.policy).toMatchObject({ name: 'httpbin-timeouts', overridden: ['httpbin-keepalive'] });
    expect(newest.expected).toEqual({ keepalive_probes: 9 });
    // tcpKeepalive merges as a whole object: the winner's probes, and nothing of the loser's times.
    expect(newest.fields.filter(isKeepalive).map((f) => [f.field, f.expected, f.from])).toEqual([
      ['tcpKeepalive.keepAliveProbes', 9, 'httpbin-timeouts'],
    ]);
  });
});

describe('isStale', () => {
  const lastUpdated = '2026-11-27T14:33:55.274Z';

  it('holds when Envoy updated the cluster before the write, within the propagation window', () => {
    expect(isStale(lastUpdated, AFTER_NO_POLICY_DUMP, at(AFTER_NO_POLICY_DUMP, 10_000))).toBe(true);
    expect(isStale(lastUpdated, AFTER_NO_POLICY_DUMP, at(AFTER_NO_POLICY_DUMP, 60_000))).toBe(true);
  });

  it('no longer holds long after the write: a change that never arrived is not "on its way"', () => {
    expect(isStale(lastUpdated, AFTER_NO_POLICY_DUMP, at(AFTER_NO_POLICY_DUMP, 10 * 60_000))).toBe(false);
  });

  it('does not hold when Envoy updated the cluster after the write, or when either time is unknown', () => {
    expect(isStale(lastUpdated, BEFORE_EITHER_DUMP, at(lastUpdated, 1_000))).toBe(false);
    expect(isStale(undefined, AFTER_NO_POLICY_DUMP, at(AFTER_NO_POLICY_DUMP, 1_000))).toBe(false);
    expect(isStale(lastUpdated, undefined, at(lastUpdated, 1_000))).toBe(false);
  });
});

describe('judge', () => {
  it('finds the policy in effect on a replica whose dump shows it, and sends only that cluster', () => {
    const e = expectationFor(httpbin, [guide(BEFORE_EITHER_DUMP)], 'oldest-wins');
    const r = replica('http-0', withPolicy);
    const out = judge([r], port8000, e, at(BEFORE_EITHER_DUMP, 60_000));
    const [view] = out.replicas;
    expect(out.service).toEqual(port8000);
    expect(out.policy?.name).toBe('httpbin-keepalive');
    expect(out.expected).toEqual(GUIDE_ENVOY);
    expect(view!.clusterName).toBe('kube_httpbin_httpbin_8000');
    expect(view!.lastUpdated).toBe('2026-11-27T14:33:31.045Z');
    expect(view!.summary).toEqual(r.summary);
    expect(view!.readBytes).toBe(r.bytes);
    expect(view!.fieldChecks?.map((c) => [c.field, c.asked, c.expected, c.actual, c.verdict, c.from])).toEqual([
      ['tcpKeepalive.keepAliveProbes', '3', 3, 3, 'in effect', 'httpbin-keepalive'],
      ['tcpKeepalive.keepAliveTime', '30s', 30, 30, 'in effect', 'httpbin-keepalive'],
      ['tcpKeepalive.keepAliveInterval', '5s', 5, 5, 'in effect', 'httpbin-keepalive'],
    ]);
    // The browser gets the cluster's JSON, with what the policy set highlighted, and nothing else.
    const text = view!.lines!.map((l) => l.text).join('\n');
    expect(JSON.parse(text).name).toBe('kube_httpbin_httpbin_8000');
    expect(view!.lines!.filter((l) => l.highlight).map((l) => l.text.trim())).toContain('"keepalive_time": 30,');
    expect(view!.lines!.find((l) => l.text.includes('"connect_timeout"'))?.highlight).toBe(false);
    expect(text).not.toContain('kube_shop_cart_8080');
  });

  it('judges the other fields of the policies too, each with the policy that sets it', () => {
    const now = at(BEFORE_EITHER_DUMP, 10 * 60_000);
    const same = judge(
      [replica('http-0', withPolicy)],
      port8000,
      expectationFor(httpbin, [guide(BEFORE_EITHER_DUMP), timeouts('5s', BEFORE_EITHER_DUMP)], 'oldest-wins'),
      now,
    );
    expect(others(same.replicas[0]!)).toMatchObject([
      { field: 'connectTimeout', actual: '5s', verdict: 'in effect', from: 'httpbin-timeouts' },
    ]);
    const other = judge(
      [replica('http-0', withPolicy)],
      port8000,
      expectationFor(httpbin, [timeouts('7s', BEFORE_EITHER_DUMP)], 'oldest-wins'),
      now,
    );
    expect(other.replicas[0]!.fieldChecks).toMatchObject([{ field: 'connectTimeout', expected: '7s', actual: '5s', verdict: 'different' }]);
  });

  it('says "not yet" for a replica that has not received a recent write, and "different" once it should have', () => {
    const e = expectationFor(httpbin, [guide(AFTER_NO_POLICY_DUMP), timeouts('7s', AFTER_NO_POLICY_DUMP)], 'oldest-wins');
    const r = replica('http-0', withoutPolicy);

    const soon = judge([r], port8000, e, at(AFTER_NO_POLICY_DUMP, 10_000)).replicas[0]!;
    expect(soon.clusterName).toBe('kube_httpbin_httpbin_8000');
    expect(verdictsOf(soon)).toEqual(['not yet', 'not yet', 'not yet']);
    expect(soon.fieldChecks?.filter(isKeepalive).map((c) => c.actual)).toEqual([undefined, undefined, undefined]);
    expect(others(soon)?.map((c) => [c.field, c.verdict])).toEqual([['connectTimeout', 'not yet']]);

    const late = judge([r], port8000, e, at(AFTER_NO_POLICY_DUMP, 10 * 60_000)).replicas[0]!;
    expect(verdictsOf(late)).toEqual(['different', 'different', 'different']);
    expect(others(late)?.map((c) => [c.field, c.verdict])).toEqual([['connectTimeout', 'different']]);
  });

  it('says "different" at once when Envoy updated the cluster after the write and still lacks it', () => {
    const e = expectationFor(httpbin, [guide(BEFORE_EITHER_DUMP)], 'oldest-wins');
    const view = judge([replica('http-0', withoutPolicy)], port8000, e, at('2026-11-27T14:33:56Z', 0)).replicas[0]!;
    expect(verdictsOf(view)).toEqual(['different', 'different', 'different']);
  });

  it('passes an unreachable replica through with its error, and compares only the readable ones', () => {
    const e = expectationFor(httpbin, [guide(BEFORE_EITHER_DUMP)], 'oldest-wins');
    const error = {
      kind: 'unavailable' as const,
      message: 'Pod kgateway-system/http-1 is Pending, not Running: its Envoy cannot be read.',
    };
    const out = judge([{ pod: 'http-1', error }, replica('http-0', withPolicy), replica('http-2', withPolicy)], port8000, e);
    expect(out.replicas.map((r) => r.pod)).toEqual(['http-1', 'http-0', 'http-2']);
    expect(out.replicas[0]).toEqual({ pod: 'http-1', error });
    expect(out.comparisons).toEqual([{ left: 'http-0', right: 'http-2', differences: [] }]);
  });

  it('names the differing path when two replicas disagree', () => {
    const e = expectationFor(httpbin, [guide(BEFORE_EITHER_DUMP)], 'oldest-wins');
    const out = judge(
      [replica('http-0', withPolicy), replica('http-1', withoutPolicy)],
      port8000,
      e,
      at(AFTER_NO_POLICY_DUMP, 10 * 60_000),
    );
    expect(out.comparisons).toHaveLength(1);
    const [c] = out.comparisons;
    expect([c!.left, c!.right]).toEqual(['http-0', 'http-1']);
    // The dumps differ by the deleted policy only; last_updated is per delivery and not a difference.
    expect(c!.differences).toEqual([{ path: '.upstream_connection_options', left: { tcp_keepalive: GUIDE_ENVOY }, right: undefined }]);
    expect(out.replicas.map(verdictsOf)).toEqual([
      ['in effect', 'in effect', 'in effect'],
      ['different', 'different', 'different'],
    ]);
  });

  it('shows "cluster missing" and no lines for a Service port Envoy has no cluster for', () => {
    const e = expectationFor(httpbin, [guide(BEFORE_EITHER_DUMP), timeouts('7s', BEFORE_EITHER_DUMP)], 'oldest-wins');
    const out = judge([replica('http-0', withPolicy), replica('http-1', withPolicy)], { ...port8000, port: 9999 }, e);
    for (const view of out.replicas) {
      expect(view.clusterName).toBeUndefined();
      expect(view.lines).toBeUndefined();
      expect(view.lastUpdated).toBeUndefined();
      expect(verdictsOf(view)).toEqual(['cluster missing', 'cluster missing', 'cluster missing']);
      expect(others(view)?.map((c) => c.verdict)).toEqual(['cluster missing']);
    }
    expect(out.comparisons).toEqual([]);
  });
});
