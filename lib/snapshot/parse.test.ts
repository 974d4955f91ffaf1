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

  it("drops a replica's dump ids: they name dumps on one server, and the viewer would offer to compare them", () => {
    const replicas = (json.replicas as Record<string, unknown>[]).map((r) => ({ ...r, dumpId: 'dump-1', previousDumpId: 'dump-0' }));
    const parsed = parseSnapshot(JSON.stringify({ ...json, replicas }));
    expect(parsed.ok).toBe(true);
    for (const r of parsed.ok ? parsed.value.replicas : []) {
      expect(r).not.toHaveProperty('dumpId');
      expect(r).not.toHaveProperty('previousDumpId');
    }
    expect(parsed.ok && parsed.value.replicas.length).toBe(snap.replicas.length);
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

describe('snapshots saved before keepalive joined the one verdict engine', () => {
  it('reads their keepalive table into the field checks, as the engine words them now', () => {
    const current = JSON.parse(snapshotToJson(snap)) as { replicas: Record<string, unknown>[] };
    const keepalive = (current.replicas[0]!.fieldChecks as { field: string }[]).filter((c) => c.field.startsWith('tcpKeepalive.'));
    // The same replica as an older dashboard saved it: keepalive in `verdicts`, the rest in fieldChecks.
    const old = structuredClone(current);
    old.replicas[0]!.fieldChecks = (current.replicas[0]!.fieldChecks as { field: string }[]).filter(
      (c) => !c.field.startsWith('tcpKeepalive.'),
    );
    old.replicas[0]!.verdicts = [
      { field: 'keepAliveProbes', envoyField: 'keepalive_probes', asked: '3', expected: 3, actual: 3, verdict: 'in effect' },
      { field: 'keepAliveTime', envoyField: 'keepalive_time', asked: '30s', expected: 30, actual: 30, verdict: 'in effect' },
      { field: 'keepAliveInterval', envoyField: 'keepalive_interval', asked: '5s', expected: 5, actual: 5, verdict: 'in effect' },
    ];
    const read = parseSnapshot(JSON.stringify(old));
    if (!read.ok) throw new Error(read.error);
    const upgraded = read.value.replicas[0]!.fieldChecks!;
    expect(upgraded.map((c) => ({ ...c, from: 'httpbin-keepalive' })).slice(0, 3)).toEqual(keepalive);
    expect(upgraded.slice(0, 3).every((c) => c.from === '')).toBe(true); // which policy is not in the old file
    expect(read.value.replicas[0]).not.toHaveProperty('verdicts');
  });
});
