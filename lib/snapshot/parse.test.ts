import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshotToHtml } from './html';
import { SNAPSHOT_KIND, snapshotToJson } from './model';
import { NOT_A_SNAPSHOT, parseSnapshot } from './parse';
import { snap } from './test-walkthrough';

describe('snapshot files', () => {
  it('round-trips through JSON', () => {
    const json = snapshotToJson(snap);
    expect(json.split('\n')[1]).toBe(` "kind": "${SNAPSHOT_KIND}",`); // one-space indent, like the dump
    expect(parseSnapshot(json)).toStrictEqual({ ok: true, value: snap });
  });

  it('round-trips through HTML: the page carries the same JSON for the dashboard', () => {
    expect(parseSnapshot(snapshotToHtml(snap))).toStrictEqual({ ok: true, value: snap });
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
