import { describe, expect, it } from 'vitest';
import { jsonLines, pathsForSpecFields } from '@/lib/envoy/cluster-view';
import { snapshotToHtml } from './html';
import { buildSnapshot, snapshotToJson, type Snapshot } from './model';
import { parseSnapshot } from './parse';
import { SECRETS, baseView, gateway, guide, keepalive, pod, policy, readable, snap, tlsCluster, view } from './test-walkthrough';

describe('snapshot files', () => {
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
