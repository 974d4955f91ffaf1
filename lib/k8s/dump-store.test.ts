import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarizeDump } from '@/lib/envoy/config-dump';
import { keepDump, previousDump, startDownload, storedDump } from './dump-store';

// A real dump of the local Envoy, kept under a budget of 2 MB (DASHBOARD_DUMP_KEEP_MB).
const raw = readFileSync('fixtures/envoy/config-dump-httpbin-keepalive.json');
const dump: unknown = JSON.parse(raw.toString('utf8'));
const summary = summarizeDump(dump);
const origin = (pod: string, context = 'admin') => ({ context, namespace: 'kgateway-system', gateway: 'http', pod });
const kept = (id: string) => storedDump(id, 'admin');

beforeAll(() => {
  process.env.DASHBOARD_DUMP_KEEP_MB = '2';
});

describe('the dump store', () => {
  it("finds a kept dump by id, and a pod's previous fetch, not another pod's", () => {
    const a1 = keepDump(origin('a'), raw, dump, summary);
    const b1 = keepDump(origin('b'), raw, dump, summary);
    const a2 = keepDump(origin('a'), raw, dump, summary);
    expect(kept(a2.id)?.pod).toBe('a');
    expect(previousDump(a2)?.id).toBe(a1.id);
    expect(previousDump(b1)).toBeUndefined();
    expect(a1.id).not.toBe(a2.id);
  });

  it("compares a read of some clusters only with the pod's earlier read of the same clusters", () => {
    // Small, as such reads are: all five fit in the budget together.
    const small = Buffer.from('{}');
    const whole1 = keepDump(origin('s'), small, dump, summary);
    const some1 = keepDump({ ...origin('s'), scope: '^(kube_a_b_(.+_)?80)$' }, small, dump, summary);
    const other = keepDump({ ...origin('s'), scope: '^(kube_c_d_(.+_)?80)$' }, small, dump, summary);
    const some2 = keepDump({ ...origin('s'), scope: '^(kube_a_b_(.+_)?80)$' }, small, dump, summary);
    const whole2 = keepDump(origin('s'), small, dump, summary);
    expect(previousDump(some2)?.id).toBe(some1.id);
    expect(previousDump(other)).toBeUndefined();
    expect(previousDump(whole2)?.id).toBe(whole1.id);
  });

  it('drops the oldest dumps past the budget, never the newest', () => {
    const ids = Array.from({ length: 12 }, (_, i) => keepDump(origin(`p${i}`), raw, dump, summary).id);
    const left = ids.filter((id) => kept(id));
    expect(left.length).toBe(Math.floor((2 * 1024 * 1024) / (raw.length * 4))); // 133 KiB × 4 (parsed) each under 2 MB
    expect(left.at(-1)).toBe(ids.at(-1));
    expect(kept(ids[0]!)).toBeUndefined();
  });
});

describe('one fetch of every replica', () => {
  it('keeps all its dumps even past the budget, and drops older ones first', () => {
    const older = keepDump(origin('old'), raw, dump, summary);
    const batch = Array.from({ length: 4 }, (_, i) => keepDump(origin(`r${i}`), raw, dump, summary, 'one-fetch'));
    expect(batch.every((d) => kept(d.id))).toBe(true);
    expect(kept(older.id)).toBeUndefined();
  });
});

describe('access by context', () => {
  it('gives a dump only to the context it was read from', () => {
    const d = keepDump(origin('x', 'staging'), raw, dump, summary);
    expect(storedDump(d.id, 'staging')?.pod).toBe('x');
    expect(storedDump(d.id, 'admin')).toBeUndefined();
  });
});

describe('downloads count against the budget', () => {
  const budget = 2 * 1024 * 1024;

  it('lets one download alone grow past the budget, chunk by chunk, dropping kept dumps for it', () => {
    const old = keepDump(origin('old'), raw, dump, summary);
    const alone = startDownload();
    for (let i = 0; i < 10; i++) expect(alone.reserve(budget / 4)).toBe(true); // 2.5× the budget, in chunks
    expect(kept(old.id)).toBeUndefined(); // its room went to the download
    alone.release();
  });

  it('refuses a second download that cannot fit beside the first, and takes it once the first is done', () => {
    const first = startDownload();
    expect(first.reserve(budget / 2 - 1000)).toBe(true); // counted twice: chunks, then the joined copy
    const second = startDownload();
    expect(second.reserve(10_000)).toBe(false);
    first.release();
    expect(second.reserve(10_000)).toBe(true);
    second.release();
  });
});
