import { describe, expect, it } from 'vitest';
import { SharedWork } from './shared-work';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('SharedWork', () => {
  it('runs identical concurrent work once, every request gets the result and hears the progress', async () => {
    const work = new SharedWork<string, number>();
    let started = 0;
    const finish: ((v: string) => void)[] = [];
    const start = (_signal: AbortSignal, progress: (p: number) => void) => {
      started++;
      setTimeout(() => progress(42), 1);
      return new Promise<string>((r) => finish.push(r));
    };
    const heard: number[] = [];
    const all = Array.from({ length: 24 }, () => work.run('pod-a', start, 'gone', { onProgress: (p) => heard.push(p) }));
    const other = work.run('pod-b', start, 'gone');
    expect(started).toBe(2);
    expect(work.size).toBe(2);
    await tick();
    finish[0]!('dump');
    expect(await Promise.all(all)).toEqual(Array(24).fill('dump'));
    expect(heard).toHaveLength(24);
    expect(work.size).toBe(1);
    finish[1]!('other dump');
    expect(await other).toBe('other dump');
    expect(work.size).toBe(0);
  });

  it('stops the work only when every request has gone, and a late request starts nothing', async () => {
    const work = new SharedWork<string>();
    let stopped = false;
    const start = (signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        signal.addEventListener('abort', () => {
          stopped = true;
          resolve('aborted');
        });
      });
    const [a, b] = [new AbortController(), new AbortController()];
    const first = work.run('k', start, 'gone', { signal: a.signal });
    const second = work.run('k', start, 'gone', { signal: b.signal });
    a.abort();
    expect(await first).toBe('gone');
    expect(stopped).toBe(false); // the second request still waits
    b.abort();
    expect(await second).toBe('gone');
    expect(stopped).toBe(true);
    const dead = new AbortController();
    dead.abort();
    let ran = false;
    expect(
      await work.run(
        'k2',
        async () => {
          ran = true;
          return 'x';
        },
        'gone',
        { signal: dead.signal },
      ),
    ).toBe('gone');
    expect(ran).toBe(false);
  });

  it('gives a failed work as "gone" to its requests instead of throwing', async () => {
    const work = new SharedWork<string>();
    expect(await work.run('k', () => Promise.reject(new Error('boom')), 'gone')).toBe('gone');
    expect(work.size).toBe(0);
  });
});
