import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonLines, pathsForSpecFields } from '@/lib/envoy/cluster-view';
import type { Json } from '@/lib/envoy/config-dump';
import { redactJson, redactLines, redactText } from './redact';
import { SECRETS, cluster, tlsCluster } from './test-walkthrough';

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

describe('real config dumps', () => {
  // Every line of both dumps from the local Envoy (fixtures/envoy/): clusters, listeners, routes,
  // endpoints, bootstrap. None holds a secret, so none may change.
  for (const file of ['config-dump-httpbin-keepalive.json', 'config-dump-no-policy.json']) {
    const lines = jsonLines(JSON.parse(readFileSync(`fixtures/envoy/${file}`, 'utf8')));

    it(`leaves every line of ${file} as it is`, () => {
      expect(lines.length).toBeGreaterThan(1000);
      const redacted = redactLines(lines);
      expect(redacted.filter((l, i) => l !== lines[i]).map((l) => l.text)).toEqual([]);
      expect(lines.filter((l) => redactText(l.text) !== l.text).map((l) => l.text)).toEqual([]);
    });
  }
});

describe('redactJson', () => {
  it('replaces whole values under sensitive keys and only the secret in other strings', () => {
    const spec: Json = {
      tls: { secretRef: { name: 'httpbin-client' }, files: { tlsCertificate: '/etc/tls/client.crt', tlsKey: '/etc/tls/client.key' } },
      backend: { url: 'https://dashboard:hunter2@backend.internal:8443/health', AccountKey: 'x', retries: 3 },
      auth: { client_secret: 42, header: 'Bearer kgw.9f3c2a71e4b8d05f6a1c7e2b' },
    };
    expect(redactJson(spec)).toEqual({
      tls: { secretRef: { name: 'httpbin-client' }, files: { tlsCertificate: '/etc/tls/client.crt', tlsKey: '[redacted]' } },
      backend: { url: 'https://dashboard:[redacted]@backend.internal:8443/health', AccountKey: '[redacted]', retries: 3 },
      auth: { client_secret: '[redacted]', header: 'Bearer [redacted]' },
    });
  });
});
