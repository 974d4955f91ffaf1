import { describe, expect, it } from 'vitest';
import {
  allowedHosts,
  contentSecurityPolicy,
  isAllowedHost,
  isAllowedOrigin,
  isCrossSiteFetch,
  securityHeaders,
  startsWork,
} from './boundary';
import { isPlainActionCall, MAX_ACTION_BYTES } from './boundary';

// The browser boundary as an attacker meets it: Host values a DNS-rebinding page makes the
// browser send, Origins a forged request carries, and the headers every response gets.

const served = allowedHosts('3000', undefined);

/** One directive of a CSP, as its list of sources. */
function directive(csp: string, name: string): string[] | undefined {
  const found = csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  return found?.slice(1);
}

describe('allowedHosts', () => {
  it('answers to the loopback names at the port the server listens on', () => {
    expect(served).toEqual(expect.arrayContaining(['127.0.0.1:3000', 'localhost:3000', '[::1]:3000']));
    expect(served).toHaveLength(3);
  });

  it('adds DASHBOARD_ALLOWED_HOSTS entries, trimmed and lower-cased, with or without a port', () => {
    const hosts = allowedHosts('3000', ' Dash.Example.com , box.lan:8443,,');
    expect(hosts).toContain('dash.example.com');
    expect(hosts).toContain('box.lan:8443');
    expect(hosts).not.toContain('');
    expect(hosts).toHaveLength(5);
  });

  it('with no known port, allows the loopback names on any port', () => {
    const any = allowedHosts(undefined, undefined);
    expect(isAllowedHost('localhost:3000', any)).toBe(true);
    expect(isAllowedHost('127.0.0.1:8080', any)).toBe(true);
    expect(isAllowedHost('evil.example:3000', any)).toBe(false);
  });
});

describe('isAllowedHost', () => {
  it('accepts the loopback names at the served port, in any case, and IPv6 loopback', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', 'LOCALHOST:3000', '[::1]:3000']) {
      expect(isAllowedHost(host, served), host).toBe(true);
    }
  });

  it('refuses the names a DNS-rebinding page makes the browser send', () => {
    for (const host of [
      'evil.example:3000',
      'evil.example',
      '127.0.0.1.evil.example:3000',
      '127.0.0.1.evil.example',
      'localhost.evil.example:3000',
      'localhost.:3000',
      'localhost.',
      '127.0.0.1.nip.io:3000',
    ]) {
      expect(isAllowedHost(host, served), host).toBe(false);
    }
  });

  it('refuses the loopback names at another port, and without a port', () => {
    for (const host of ['127.0.0.1:3001', 'localhost:30000', 'localhost', '127.0.0.1', '[::1]', '[::1]:3001']) {
      expect(isAllowedHost(host, served), host).toBe(false);
    }
  });

  it('refuses a missing, empty, overlong or oddly spelled Host', () => {
    expect(isAllowedHost(null, served)).toBe(false);
    expect(isAllowedHost('', served)).toBe(false);
    for (const host of [
      'localhost:3000 ',
      ' localhost:3000',
      'user@localhost:3000',
      'localhost:3000/x',
      'localhost:3000\r\nx: y',
      'localhost%3a3000',
      'lоcalhost:3000', // Cyrillic о
    ]) {
      expect(isAllowedHost(host, served), JSON.stringify(host)).toBe(false);
    }
    const long = `${'a'.repeat(300)}.example`;
    expect(isAllowedHost(long, [long])).toBe(false);
  });

  it('lets a listed name without a port through on any port, a listed name with a port only on that port', () => {
    const hosts = allowedHosts('3000', 'dash.example.com,box.lan:8443');
    expect(isAllowedHost('dash.example.com', hosts)).toBe(true);
    expect(isAllowedHost('dash.example.com:8080', hosts)).toBe(true);
    expect(isAllowedHost('DASH.example.com:443', hosts)).toBe(true);
    expect(isAllowedHost('box.lan:8443', hosts)).toBe(true);
    expect(isAllowedHost('box.lan', hosts)).toBe(false);
    expect(isAllowedHost('box.lan:8444', hosts)).toBe(false);
    // A listed name is not a suffix rule.
    expect(isAllowedHost('x.dash.example.com', hosts)).toBe(false);
    expect(isAllowedHost('dash.example.com.evil.example', hosts)).toBe(false);
    expect(isAllowedHost('dash.example.com:8080:1', hosts)).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  it('accepts the pages of this dashboard', () => {
    expect(isAllowedOrigin('http://127.0.0.1:3000', served)).toBe(true);
    expect(isAllowedOrigin('http://localhost:3000', served)).toBe(true);
    expect(isAllowedOrigin('http://[::1]:3000', served)).toBe(true);
    // Only one server listens on the port, so the scheme adds nothing to who it is.
    expect(isAllowedOrigin('https://127.0.0.1:3000', served)).toBe(true);
  });

  it('refuses a missing Origin, the opaque `null`, and anything unparsable', () => {
    expect(isAllowedOrigin(null, served)).toBe(false);
    expect(isAllowedOrigin('', served)).toBe(false);
    expect(isAllowedOrigin('null', served)).toBe(false);
    expect(isAllowedOrigin('127.0.0.1:3000', served)).toBe(false);
    expect(isAllowedOrigin('http://', served)).toBe(false);
  });

  it('refuses other sites, other ports and look-alike names', () => {
    for (const origin of [
      'http://evil.example',
      'http://evil.example:3000',
      'http://127.0.0.1:3000.evil.example',
      'http://127.0.0.1.evil.example:3000',
      'http://localhost:8080',
      'http://localhost',
    ]) {
      expect(isAllowedOrigin(origin, served), origin).toBe(false);
    }
  });

  it('refuses an Origin with a path, credentials, a query or a fragment: no browser sends one', () => {
    for (const origin of [
      'http://127.0.0.1:3000/x',
      'http://user:pw@127.0.0.1:3000',
      'http://user@127.0.0.1:3000',
      'http://evil.example@127.0.0.1:3000',
      'http://127.0.0.1:3000?x=1',
      'http://127.0.0.1:3000#x',
    ]) {
      expect(isAllowedOrigin(origin, served), origin).toBe(false);
    }
  });

  it('refuses schemes other than http and https', () => {
    for (const origin of ['file://', 'file:///etc/passwd', 'ftp://127.0.0.1:3000', 'ws://127.0.0.1:3000', 'javascript:alert(1)']) {
      expect(isAllowedOrigin(origin, served), origin).toBe(false);
    }
  });

  it('follows the Host rules for DASHBOARD_ALLOWED_HOSTS names', () => {
    const hosts = allowedHosts('3000', 'dash.example.com,box.lan:8443');
    expect(isAllowedOrigin('https://dash.example.com', hosts)).toBe(true);
    expect(isAllowedOrigin('https://box.lan:8443', hosts)).toBe(true);
    expect(isAllowedOrigin('https://box.lan', hosts)).toBe(false);
  });

  // Bug: URL drops a scheme's default port from `host`, so an Origin at :80 or :443 never matches a
  // `name:80` / `name:443` entry — the dashboard on port 80 (PORT=80), or behind TLS with
  // DASHBOARD_ALLOWED_HOSTS=dash.example.com:443, refuses every write from its own pages.
  it('accepts its own page when it is served on a default port', () => {
    expect(isAllowedOrigin('http://127.0.0.1', allowedHosts('80', undefined))).toBe(true);
    expect(isAllowedOrigin('https://dash.example.com', allowedHosts('3000', 'dash.example.com:443'))).toBe(true);
  });
});

describe('isCrossSiteFetch', () => {
  it('refuses another site and a sibling origin of the same site (another port on localhost is same-site)', () => {
    expect(isCrossSiteFetch('cross-site')).toBe(true);
    expect(isCrossSiteFetch('same-site')).toBe(true);
  });

  it('lets through the dashboard itself, a typed URL or bookmark, and non-browser clients', () => {
    expect(isCrossSiteFetch('same-origin')).toBe(false);
    expect(isCrossSiteFetch('none')).toBe(false);
    expect(isCrossSiteFetch(null)).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  const nonce = 'bm9uY2UtZm9yLXRlc3Q=';

  it('allows scripts with the nonce only, and nothing inline', () => {
    for (const dev of [false, true]) {
      const scripts = directive(contentSecurityPolicy(nonce, dev), 'script-src');
      expect(scripts).toContain(`'nonce-${nonce}'`);
      expect(scripts).not.toContain("'unsafe-inline'");
      expect(scripts).not.toContain('*');
    }
  });

  it('allows eval only in development (React Refresh needs it)', () => {
    expect(directive(contentSecurityPolicy(nonce, false), 'script-src')).not.toContain("'unsafe-eval'");
    expect(directive(contentSecurityPolicy(nonce, true), 'script-src')).toContain("'unsafe-eval'");
  });

  it('forbids framing, plugins, base rewriting and posting forms elsewhere', () => {
    const csp = contentSecurityPolicy(nonce, false);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
    expect(directive(csp, 'base-uri')).toEqual(["'none'"]);
    expect(directive(csp, 'form-action')).toEqual(["'self'"]);
    expect(directive(csp, 'connect-src')).toEqual(["'self'"]);
    expect(directive(csp, 'default-src')).toEqual(["'self'"]);
  });
});

describe('securityHeaders', () => {
  it('carries the given policy and refuses framing, sniffing, referrers and cross-origin embedding', () => {
    const csp = contentSecurityPolicy('n', false);
    const h = securityHeaders(csp);
    expect(h['content-security-policy']).toBe(csp);
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['cross-origin-opener-policy']).toBe('same-origin');
    expect(h['cross-origin-resource-policy']).toBe('same-origin');
    expect(h['permissions-policy']).toMatch(/camera=\(\)/);
  });
});

describe('startsWork', () => {
  it('is true for the API routes under a cluster, which open port-forwards, read dumps and stream events', () => {
    for (const path of [
      '/c/kgateway-local-admin/api/cluster',
      '/c/kgateway-local-admin/api/events',
      '/c/kgateway-local-admin/api/gateways/kgateway-system/http/inspect',
      '/c/kgateway-local-admin/api/dumps/compare',
      '/c/a%2Fb/api/dumps/x',
    ]) {
      expect(startsWork(path), path).toBe(true);
    }
  });

  it('is false for pages, static files, cluster-less routes and look-alikes', () => {
    for (const path of [
      '/',
      '/c/kgateway-local-admin',
      '/c/kgateway-local-admin/services',
      '/c/kgateway-local-admin/api',
      '/c/kgateway-local-admin/apis/x',
      '/c//api/events',
      '/c/a/b/api/events',
      '/api/health',
      '/api/stats',
      '/dumps',
      '/_next/static/chunks/x.js',
      '/x/c/ctx/api/events',
    ]) {
      expect(startsWork(path), path).toBe(false);
    }
  });
});

describe('isPlainActionCall', () => {
  it('takes what React encodes for plain values', () => {
    expect(isPlainActionCall(JSON.stringify([{ metadata: { name: 'x' } }, {}, false]))).toBe(true);
    expect(
      isPlainActionCall(JSON.stringify(['$$starts with a dollar', '$undefined', '$NaN', '$-0', '$D2026-12-02T00:00:00.000Z', '$n12'])),
    ).toBe(true);
    expect(isPlainActionCall('[]')).toBe(true);
  });

  it('refuses what only a hand-made request sends: not JSON, not a list, references, depth, size', () => {
    for (const body of ['', 'not json', '[', '{"a":1}', '"x"', '[1,2,3,4,5,6,7,8,9]', '[{"a":"$1"}]', '["$Q1"]', '["$@0"]', '["$K1"]']) {
      expect(isPlainActionCall(body), body).toBe(false);
    }
    expect(isPlainActionCall(`[${'['.repeat(40)}${']'.repeat(40)}]`)).toBe(false);
    expect(isPlainActionCall(`["${'a'.repeat(MAX_ACTION_BYTES)}"]`)).toBe(false);
  });
});
