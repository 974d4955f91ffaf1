import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseGuideState } from '@/lib/guide/walkthrough';
import { followSession, publishState, walkthroughStats } from './walkthroughs';

const at = (step: number) => parseGuideState({ service: 'httpbin/httpbin', port: '8000', step: String(step) });

describe('a live walkthrough', () => {
  it('moves its followers, and tells a late follower where it stands', () => {
    const [id, key] = [randomUUID(), randomUUID()];
    const seen: number[] = [];
    const off = followSession(id, (s) => seen.push(s.step)) as () => void;
    expect(publishState(id, key, at(2))).toBe(1);
    const late: number[] = [];
    (followSession(id, (s) => late.push(s.step)) as () => void)();
    off();
    expect(publishState(id, key, at(3))).toBe(0);
    expect(seen).toEqual([2]);
    expect(late).toEqual([2]);
  });

  it('only the presenter who started it can move it', () => {
    const [id, key] = [randomUUID(), randomUUID()];
    const seen: number[] = [];
    followSession(id, (s) => seen.push(s.step));
    publishState(id, key, at(1));
    expect(publishState(id, randomUUID(), at(6))).toBe('not the presenter');
    expect(seen).toEqual([1]);
  });

  it('holds a bounded number of walkthroughs: past the cap a new one is refused, existing ones go on', () => {
    const { max } = walkthroughStats();
    const started: string[] = [];
    for (let i = walkthroughStats().sessions; i < max; i++) {
      const id = randomUUID();
      expect(publishState(id, randomUUID(), at(1))).toBe(0);
      started.push(id);
    }
    expect(walkthroughStats().sessions).toBe(max);
    expect(publishState(randomUUID(), randomUUID(), at(1))).toBe('too many');
    expect(followSession(randomUUID(), () => {})).toContain('live walkthroughs, its most');
    expect(followSession(started[0]!, () => {})).toBeTypeOf('function');
  });
});
