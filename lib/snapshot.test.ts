import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { PolicyDto, ReplicaView, ServiceOnGatewayDto } from '@/lib/dto';
import { findServiceCluster, jsonLines, keepaliveVerdicts, pathsForSpecFields } from '@/lib/envoy/cluster-view';
import { findCluster, summarizeDump, type Json } from '@/lib/envoy/config-dump';
import { checkClusterFields, expectedClusterFields } from '@/lib/envoy/field-verdicts';
import {
  NOT_A_SNAPSHOT,
  SNAPSHOT_KIND,
  buildSnapshot,
  parseSnapshot,
  redactLines,
  snapshotFileName,
  snapshotToHtml,
  snapshotToJson,
  type Snapshot,
} from './snapshot';

// A walkthrough of httpbin:8000 on the local stack's Gateway, built from a real dump of its Envoy
// (fixtures/envoy/README.md) the way lib/k8s/gateway-inspect.ts builds the page's view.
const dump = JSON.parse(readFileSync('fixtures/envoy/config-dump-httpbin-keepalive.json', 'utf8'));
const cluster = findServiceCluster(dump, 'httpbin', 'httpbin', 8000)!;
const summary = summarizeDump(dump);
const pod = summary.nodeId!.split('.')[0]!;
const pending = `${pod.replace(/-[^-]+$/, '')}-x7k2p`; // a second replica of the same Deployment, not running
const guide = { keepAliveProbes: 3, keepAliveTime: '30s', keepAliveInterval: '5s' };
const envoy = { keepalive_probes: 3, keepalive_time: 30, keepalive_interval: 5 };
const gateway = { namespace: 'kgateway-system', name: 'http' };
const ancestor = 'gateway.networking.k8s.io/Gateway kgateway-system/http';

function policy(name: string, spec: Record<string, unknown>, message = 'Policy accepted'): PolicyDto {
  return {
    namespace: 'httpbin',
    name,
    creationTimestamp: '2026-11-27T14:33:20Z',
    generation: 1,
    resourceVersion: '4711',
    spec: { targetRefs: [{ group: '', kind: 'Service', name: 'httpbin' }], ...spec },
    ancestors: [
      {
        ref: ancestor,
        controllerName: 'kgateway.dev/kgateway',
        conditions: [
          { type: 'Accepted', status: 'True', reason: 'Valid', message, observedGeneration: 1, lastTransitionTime: '2026-11-27T14:33:21Z' },
          { type: 'Attached', status: 'True', reason: 'Attached', message: 'Attached to all targets', observedGeneration: 1 },
        ],
      },
    ],
    managers: [{ manager: 'kgateway-dashboard', operation: 'Apply', time: '2026-11-27T14:33:20Z' }],
  };
}

const keepalive = policy('httpbin-keepalive', { tcpKeepalive: guide });
const timeouts = policy('httpbin-timeouts', { connectTimeout: '5s' });

function readable(clusterJson: Record<string, Json>, highlight: string[][]): ReplicaView {
  return {
    pod,
    dumpBytes: 48_213,
    dumpId: 'dump-1',
    previousDumpId: 'dump-0',
    fetchedAt: '2026-11-27T16:39:58.120Z',
    summary,
    clusterName: cluster.name,
    versionInfo: cluster.versionInfo,
    lastUpdated: cluster.lastUpdated,
    verdicts: keepaliveVerdicts(guide, envoy, cluster),
    fieldChecks: checkClusterFields(expectedClusterFields(timeouts.spec), clusterJson, false).map((c) => ({ ...c, from: timeouts.name })),
    lines: jsonLines(clusterJson, highlight),
  };
}

function view(replica: ReplicaView): ServiceOnGatewayDto {
  return {
    service: { namespace: 'httpbin', name: 'httpbin', port: 8000 },
    policy: { name: keepalive.name, asked: guide, overridden: [] },
    targeting: [keepalive.name, timeouts.name],
    expected: envoy,
    replicas: [
      replica,
      {
        pod: pending,
        error: { kind: 'unavailable', message: `Pod kgateway-system/${pending} is Pending, not Running: its Envoy cannot be read.` },
      },
    ],
    comparisons: [],
  };
}

const baseView = view(readable(cluster.cluster, pathsForSpecFields(['tcpKeepalive', 'connectTimeout'])));
const snap = buildSnapshot({
  takenAt: '2026-11-27T16:40:00.000Z',
  context: 'kind-kgateway',
  gateway,
  view: baseView,
  policies: [keepalive, timeouts],
});

// The keepalive cluster with the UpstreamTlsContext kgateway writes for BackendConfigPolicy tls.
const SECRETS = ['LS0tLS1CRUdJTi', 'BEGIN PRIVATE KEY', 'MIIE', 'BEGIN CERTIFICATE', '/etc/tls/client.key'];
const tlsCluster: Record<string, Json> = {
  ...findCluster(dump, 'kube_httpbin_httpbin_8000')!.cluster,
  transport_socket: {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
      sni: 'httpbin.example',
      common_tls_context: {
        tls_certificates: [
          {
            certificate_chain: { inline_bytes: 'LS0tLS1CRUdJTi...' },
            private_key: { inline_string: '-----BEGIN PRIVATE KEY-----\nMIIE...' },
          },
          {
            certificate_chain: { filename: '/etc/tls/client.crt' },
            private_key: { filename: '/etc/tls/client.key' },
          },
        ],
        validation_context: { trusted_ca: { inline_string: '-----BEGIN CERTIFICATE-----...' } },
      },
    },
  },
};

describe('buildSnapshot', () => {
  it("keeps what a walkthrough shows and drops the server's dump handles", () => {
    const r = snap.replicas[0]!;
    expect(r).not.toHaveProperty('dumpId');
    expect(r).not.toHaveProperty('previousDumpId');
    expect(r.lines!.map((l) => l.highlight)).toEqual(baseView.replicas[0]!.lines!.map((l) => l.highlight));
    expect(r.verdicts!.map((v) => v.verdict)).toEqual(['in effect', 'in effect', 'in effect']);
    expect(r.fieldChecks).toEqual([
      expect.objectContaining({ field: 'connectTimeout', actual: '5s', verdict: 'in effect', from: 'httpbin-timeouts' }),
    ]);
    expect(snap.replicas[1]).toEqual(baseView.replicas[1]); // errors carry no secrets: kept as they are
    expect(snap.service).toEqual({ namespace: 'httpbin', name: 'httpbin', port: 8000 });
  });

  it('writes each policy as YAML a reader can apply, with its conditions flattened per ancestor', () => {
    const p = snap.policies[0]!;
    const yaml = parseYaml(p.yaml);
    expect(yaml).toMatchObject({
      apiVersion: 'gateway.kgateway.dev/v1alpha1',
      kind: 'BackendConfigPolicy',
      metadata: { name: 'httpbin-keepalive', namespace: 'httpbin', generation: 1, resourceVersion: '4711' },
      spec: keepalive.spec,
    });
    expect(p.yaml).not.toMatch(/managedFields|last-applied-configuration|annotations/);
    expect(p.conditions).toEqual([
      { ancestor, type: 'Accepted', status: 'True', reason: 'Valid', message: 'Policy accepted', observedGeneration: 1 },
      { ancestor, type: 'Attached', status: 'True', reason: 'Attached', message: 'Attached to all targets', observedGeneration: 1 },
    ]);
  });

  it("never takes a server URL's credentials or a key from the spec", () => {
    const s = buildSnapshot({
      context: 'https://admin:hunter2@10.0.0.1:6443',
      gateway,
      view: baseView,
      policies: [
        policy('httpbin-tls', {
          tls: { secretRef: { name: 'httpbin-client' }, files: { tlsCertificate: '/etc/tls/client.crt', tlsKey: '/etc/tls/client.key' } },
        }),
      ],
    });
    expect(s.context).not.toContain('hunter2');
    expect(s.context).not.toContain('admin');
    expect(s.policies[0]!.yaml).not.toContain('/etc/tls/client.key');
    expect(s.policies[0]!.yaml).toContain('httpbin-client'); // a Secret's name is not its content
    expect(Number.isNaN(Date.parse(s.takenAt))).toBe(false);
  });
});

describe('redactLines', () => {
  const lines = jsonLines(tlsCluster, pathsForSpecFields(['tls', 'tcpKeepalive']));
  const redacted = redactLines(lines);
  const text = redacted.map((l) => l.text).join('\n');

  it('removes key and certificate material, keeping every line and highlight where it was', () => {
    for (const secret of SECRETS) expect(lines.map((l) => l.text).join('\n')).toContain(secret); // the test data has them
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(redacted).toHaveLength(lines.length);
    expect(redacted.map((l) => l.highlight)).toEqual(lines.map((l) => l.highlight));
    expect(redacted.some((l) => l.highlight && l.text.includes('"transport_socket"'))).toBe(true);
  });

  it('keeps the rest readable: still JSON, sni and keepalive as they were', () => {
    const back = JSON.parse(text) as typeof tlsCluster;
    const tls = (back.transport_socket as { typed_config: Record<string, Json> }).typed_config;
    expect(tls.sni).toBe('httpbin.example');
    expect((tls.common_tls_context as { tls_certificates: Json[] }).tls_certificates[0]).toEqual({
      certificate_chain: { inline_bytes: '[redacted]' },
      private_key: { inline_string: '[redacted]' },
    });
    expect(back.upstream_connection_options).toEqual(cluster.cluster.upstream_connection_options);
    expect(redacted.filter((l, i) => l.text !== lines[i]!.text)).toHaveLength(5);
  });

  it('redacts a bearer token or JWT wherever it sits', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl';
    const withHeader = jsonLines({
      ...cluster.cluster,
      metadata: { filter_metadata: { auth: { authorization: `Bearer ${jwt}`, raw: jwt } } },
    });
    const out = redactLines(withHeader);
    expect(out.map((l) => l.text).join('\n')).not.toContain('eyJhbGci');
    expect(out).toHaveLength(withHeader.length);
  });
});

describe('snapshot files', () => {
  it('round-trips through JSON', () => {
    const json = snapshotToJson(snap);
    expect(json.split('\n')[1]).toBe(` "kind": "${SNAPSHOT_KIND}",`); // one-space indent, like the dump
    expect(parseSnapshot(json)).toStrictEqual({ ok: true, value: snap });
  });

  it('round-trips through HTML: the page carries the same JSON for the dashboard', () => {
    expect(parseSnapshot(snapshotToHtml(snap))).toStrictEqual({ ok: true, value: snap });
  });

  it('shows the highlighted cluster lines, each with an id a link can target', () => {
    const html = snapshotToHtml(snap);
    const lines = snap.replicas[0]!.lines!;
    const n = lines.findIndex((l) => l.text.trim() === '"keepalive_time": 30,') + 1;
    expect(n).toBeGreaterThan(0);
    expect(html).toMatch(new RegExp(`<span class="line hl" id="${pod}-L${n}">(?:(?!</span>).)*&quot;keepalive_time&quot;: 30,\\n</span>`));
    const name = lines.findIndex((l) => l.text.includes('"name": "kube_httpbin_httpbin_8000"')) + 1;
    expect(html).toContain(`<span class="line" id="${pod}-L${name}">`);
    expect(html.match(/<span class="line[ "]/g)).toHaveLength(lines.length);
  });

  it('is one self-contained page that reads without scripts, in light and dark', () => {
    const html = snapshotToHtml(snap);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).not.toMatch(/\b(?:src|srcset)=|https?:|url\(|@import|<link\b/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    for (const heading of ['Field', 'Policy asks', 'Envoy should show', 'Envoy shows', 'Verdict'])
      expect(html).toContain(`<th scope="col">${heading}</th>`);
    expect(html).toContain('tcpKeepalive.keepAliveTime');
    expect(html).toContain('connectTimeout <span class="muted">(httpbin-timeouts)</span>');
    expect(html).toContain('kind-kgateway');
    expect(html).toContain(`is Pending, not Running`);
  });

  it('escapes what a policy or status says, leaving one script element: the JSON one', () => {
    const evil = '<script>alert(1)</script> & </script><img src=x onerror=alert(2)>';
    const s = buildSnapshot({
      gateway,
      view: baseView,
      note: `look at ${evil}`,
      policies: [policy('evil<script>alert(1)</script>&co', { tcpKeepalive: guide }, evil)],
    });
    const html = snapshotToHtml(s);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/script&gt;');
    expect(html).toContain('evil&lt;script&gt;alert(1)&lt;/script&gt;&amp;co');
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(html).not.toMatch(/<img/i);
    expect(parseSnapshot(html)).toStrictEqual({ ok: true, value: s });
    expect((parseSnapshot(html) as { value: Snapshot }).value.policies[0]!.conditions[0]!.message).toBe(evil);
  });

  it('carries no TLS material into either file', () => {
    const s = buildSnapshot({ gateway, view: view(readable(tlsCluster, pathsForSpecFields(['tls']))), policies: [keepalive] });
    for (const file of [snapshotToJson(s), snapshotToHtml(s)]) {
      for (const secret of SECRETS) expect(file).not.toContain(secret);
      expect(file).toContain('httpbin.example');
    }
    const lines = s.replicas[0]!.lines!;
    expect(lines).toHaveLength(jsonLines(tlsCluster).length);
    expect(lines.filter((l) => l.highlight).map((l) => l.text.trim())[0]).toBe('"transport_socket": {');
  });
});

describe('parseSnapshot', () => {
  const json = JSON.parse(snapshotToJson(snap)) as Record<string, unknown>;

  it('says what is wrong with a file that is not a snapshot', () => {
    expect(parseSnapshot('hello')).toEqual({ ok: false, error: NOT_A_SNAPSHOT });
    expect(parseSnapshot('<!doctype html><html><body><script>var x = 1</script></body></html>')).toEqual({
      ok: false,
      error: NOT_A_SNAPSHOT,
    });
    expect(parseSnapshot('[1, 2]')).toEqual({ ok: false, error: NOT_A_SNAPSHOT });
    const envoyDump = parseSnapshot(readFileSync('fixtures/envoy/config-dump-no-policy.json', 'utf8'));
    expect(envoyDump.ok ? '' : envoyDump.error).toMatch(/not a dashboard snapshot/);
    const other = parseSnapshot(JSON.stringify({ ...json, kind: 'BackendConfigPolicy' }));
    expect(other.ok ? '' : other.error).toContain('"BackendConfigPolicy"');
  });

  it('refuses a version it does not know', () => {
    const v2 = parseSnapshot(JSON.stringify({ ...json, version: 2 }));
    expect(v2.ok ? '' : v2.error).toMatch(/version 2\b/);
  });

  it('names the missing or malformed field', () => {
    const replicas = json.replicas as Record<string, unknown>[];
    const noPod = { ...replicas[0] };
    delete noPod.pod;
    const missing = parseSnapshot(JSON.stringify({ ...json, replicas: [noPod, ...replicas.slice(1)] }));
    expect(missing.ok ? '' : missing.error).toContain('replicas[0].pod');
    const badLine = parseSnapshot(JSON.stringify({ ...json, replicas: [{ ...replicas[0], lines: [{ text: 1, highlight: true }] }] }));
    expect(badLine.ok ? '' : badLine.error).toContain('replicas[0].lines[0].text');
  });

  it('reports a damaged embedded snapshot rather than calling the page something else', () => {
    const html = snapshotToHtml(snap).replace(`id="${SNAPSHOT_KIND}">{`, `id="${SNAPSHOT_KIND}">{{`);
    const r = parseSnapshot(html);
    expect(r.ok ? '' : r.error).toMatch(/damaged/);
  });
});

describe('snapshotFileName', () => {
  it('names the Service, port and time', () => {
    expect(snapshotFileName(snap, 'html')).toBe('snapshot-httpbin-httpbin-8000-2026-11-27T16-40-00Z.html');
    expect(snapshotFileName(snap, 'json')).toMatch(/\.json$/);
  });

  it('never holds a character a file system refuses', () => {
    const odd: Snapshot = { ...snap, takenAt: 'not a time: 12/3', service: { namespace: 'a/b', name: 'c\\d:e*f?"<>|', port: 80 } };
    for (const s of [snap, odd]) expect(snapshotFileName(s, 'html')).toMatch(/^[A-Za-z0-9._-]+$/);
  });
});
