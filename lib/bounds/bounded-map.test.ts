import { describe, expect, it } from 'vitest';
import { setBounded } from './bounded-map';

describe('a bounded map', () => {
  it('keeps at most `max` entries, dropping the oldest set', () => {
    const m = new Map<string, number>();
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) setBounded(m, k, i, 3);
    expect([...m.keys()]).toEqual(['b', 'c', 'd']);
  });

  it('counts a key set again as the newest, not as the oldest', () => {
    const m = new Map<string, number>();
    setBounded(m, 'a', 1, 2);
    setBounded(m, 'b', 2, 2);
    setBounded(m, 'a', 3, 2);
    setBounded(m, 'c', 4, 2);
    expect([...m.entries()]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });
});
