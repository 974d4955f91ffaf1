import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { snapshotFileName, buildSnapshot, type Snapshot } from './model';
import { ancestor, baseView, gateway, keepalive, policy, snap } from './test-walkthrough';

describe('buildSnapshot', () => {
  it("keeps what a walkthrough shows and drops the server's dump handles", () => {
    const r = snap.replicas[0]!;
    expect(r).not.toHaveProperty('dumpId');
    expect(r).not.toHaveProperty('previousDumpId');
    expect(r.lines!.map((l) => l.highlight)).toEqual(baseView.replicas[0]!.lines!.map((l) => l.highlight));
    expect(r.fieldChecks).toEqual([
      expect.objectContaining({ field: 'tcpKeepalive.keepAliveProbes', actual: 3, verdict: 'in effect', from: 'httpbin-keepalive' }),
      expect.objectContaining({ field: 'tcpKeepalive.keepAliveTime', actual: 30, verdict: 'in effect', from: 'httpbin-keepalive' }),
      expect.objectContaining({ field: 'tcpKeepalive.keepAliveInterval', actual: 5, verdict: 'in effect', from: 'httpbin-keepalive' }),
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
