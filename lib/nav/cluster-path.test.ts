import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterPath, isLegacyClusterPath, parseClusterPath } from './cluster-path';
import { pageSubject } from './page-subject';

// The kubeconfig context lives in the URL (`/c/<context>/…`). Context names are whatever the
// kubeconfig says — kind, EKS and GKE write `/`, `:`, `@` and `_` into them — so each must come
// back out of the path exactly as it went in.

const awkward = [
  'kgateway-local-admin',
  'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
  'gke_my-project_europe-west1_prod',
  'admin@kind-kind',
  'system:admin/api-crc-testing:6443',
  '100% prod',
  'with space',
  'ünïcødé-クラスタ',
  'a?b#c&d=e',
  '%2F',
  '%',
  '%zz',
];

describe('clusterPath', () => {
  it('puts the context in one path segment, so a `/` in its name does not split it', () => {
    const p = clusterPath('arn:aws:eks:eu-west-1:123456789012:cluster/prod', '/services');
    expect(p.startsWith('/c/')).toBe(true);
    expect(p.endsWith('/services')).toBe(true);
    expect(p.split('/')).toHaveLength(4); // '', 'c', <context>, 'services'
  });

  it('gives the overview as the bare context, with or without a trailing slash', () => {
    expect(clusterPath('dev')).toBe('/c/dev');
    expect(clusterPath('dev', '/')).toBe('/c/dev');
    expect(clusterPath('dev', '/policies/httpbin/x')).toBe('/c/dev/policies/httpbin/x');
  });

  it('gives a path a URL keeps as it is: no `?`, `#`, space or raw `%` leaks out of the context', () => {
    for (const context of awkward) {
      const path = clusterPath(context, '/services');
      const url = new URL(path, 'http://127.0.0.1:3000');
      expect(url.pathname, context).toBe(path);
      expect(url.search, context).toBe('');
      expect(url.hash, context).toBe('');
    }
  });
});

describe('parseClusterPath', () => {
  it('gives back the context and the rest for awkward names', () => {
    for (const context of awkward) {
      expect(parseClusterPath(clusterPath(context, '/gateways/kgateway-system/http')), context).toEqual({
        context,
        rest: '/gateways/kgateway-system/http',
      });
      expect(parseClusterPath(clusterPath(context)), context).toEqual({ context, rest: '' });
    }
  });

  it('round-trips any non-empty context and any path starting with / (property)', () => {
    const context = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
    const path = fc.string({ maxLength: 40 }).map((s) => `/${s}`);
    fc.assert(
      fc.property(context, path, (c, p) => {
        // `/` alone is the overview, written without the slash.
        expect(parseClusterPath(clusterPath(c, p))).toEqual({ context: c, rest: p === '/' ? '' : p });
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a path a browser or kubectl user typed with escapes', () => {
    expect(parseClusterPath('/c/admin%40kind-kind/services')).toEqual({ context: 'admin@kind-kind', rest: '/services' });
    expect(parseClusterPath('/c/admin@kind-kind/services')).toEqual({ context: 'admin@kind-kind', rest: '/services' });
    expect(parseClusterPath('/c/a%2Fb')).toEqual({ context: 'a/b', rest: '' });
  });

  it('gives no context for a malformed %-escape', () => {
    for (const p of ['/c/%/services', '/c/%zz', '/c/a%2', '/c/%E0%A4%A', '/c/%C0%AF/x', '/c/%ED%A0%80']) {
      expect(parseClusterPath(p), p).toBeUndefined();
    }
  });

  it('gives no context outside /c/<context>', () => {
    for (const p of ['/', '', '/c', '/c/', '/c//services', '/services', '/x/c/dev', '/cc/dev', 'c/dev', '/C/dev']) {
      expect(parseClusterPath(p), p).toBeUndefined();
    }
  });

  // Bug: '.' and '..' pass through encodeURIComponent untouched, so the browser's URL parser
  // resolves `/c/../services` to `/services` and the context is lost (kubeconfig allows the names).
});

describe('isLegacyClusterPath', () => {
  it('is true for the pages and API routes that lived outside /c/<context>', () => {
    for (const p of [
      '/',
      '/services',
      '/policies',
      '/policies/new',
      '/policies/httpbin/httpbin-keepalive',
      '/gateways',
      '/gateways/kgateway-system/http',
      '/guide',
      '/dumps/0b7c2a5e-1111-4222-8333-444455556666',
      '/api/cluster',
      '/api/dumps/compare',
      '/api/dumps/x',
      '/api/events',
      '/api/gateways/kgateway-system/http/inspect',
      '/api/policies/httpbin/x',
    ]) {
      expect(isLegacyClusterPath(p), p).toBe(true);
    }
  });

  it('is false for pages that read no cluster, routes that stayed, static files and new paths', () => {
    for (const p of [
      '/dumps',
      '/dumps/',
      '/dumps/a/b',
      '/snapshots',
      '/api/health',
      '/api/stats',
      '/api/events-other',
      '/_next/static/chunks/app.js',
      '/_next/image',
      '/favicon.ico',
      '/servicesx',
      '/c/dev',
      '/c/dev/services',
      '/c/dev/api/events',
    ]) {
      expect(isLegacyClusterPath(p), p).toBe(false);
    }
  });
});

describe('pageSubject', () => {
  it("names each page of a cluster as its error boundary's words say it", () => {
    const at = (path: string) => pageSubject(clusterPath('prod/eu west', path));
    expect(at('')).toBe('the cluster');
    expect(at('/')).toBe('the cluster');
    expect(at('/services')).toBe('the Services');
    expect(at('/policies')).toBe('the policies');
    expect(at('/policies/new')).toBe('the new policy form');
    expect(at('/policies/default/keepalive')).toBe('this policy');
    expect(at('/gateways')).toBe('the Gateways');
    expect(at('/gateways/kgateway-system/http')).toBe('this Gateway');
    expect(at('/dumps/abc123')).toBe('this config dump');
    expect(at('/guide')).toBe('the walkthrough');
  });

  it('says "this page" outside a cluster, for an unknown section and for a malformed context', () => {
    expect(pageSubject('/dumps')).toBe('this page');
    expect(pageSubject('/snapshots/x')).toBe('this page');
    expect(pageSubject(clusterPath('kind', '/nowhere'))).toBe('this page');
    expect(pageSubject('/c/%E0%A4%A/policies')).toBe('this page');
  });
});
