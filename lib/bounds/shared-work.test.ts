import { describe, expect, it } from 'vitest';
import { SharedWork } from './shared-work';

const tick = () => new Promise((r) => setTimeout(r, 5));
const failed = (e: unknown) => `failed: ${(e as Error).message}`;

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
    const all = Array.from({ length: 24 }, () => work.run('pod-a', start, { gone: 'gone', failed, onProgress: (p) => heard.push(p) }));
    const other = work.run('pod-b', start, { gone: 'gone', failed });
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
    const first = work.run('k', start, { gone: 'gone', failed, signal: a.signal });
    const second = work.run('k', start, { gone: 'gone', failed, signal: b.signal });
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
        { gone: 'gone', failed, signal: dead.signal },
      ),
    ).toBe('gone');
    expect(ran).toBe(false);
  });

  it('answers a failed work with what `failed` makes of the error, and forgets it', async () => {
    const work = new SharedWork<string>();
    expect(await work.run('k', () => Promise.reject(new Error('boom')), { gone: 'gone', failed })).toBe('failed: boom');
    expect(work.size).toBe(0);
  });

  it('starts afresh for a request that arrives after everyone left, instead of joining the stopping work', async () => {
    const work = new SharedWork<string>();
    let runs = 0;
    const start = (signal: AbortSignal) =>
      new Promise<string>((resolve) => {
        const n = ++runs;
        signal.addEventListener('abort', () => setTimeout(() => resolve(`stopped ${n}`), 10));
        setTimeout(() => resolve(`done ${n}`), 30);
      });
    const leaving = new AbortController();
    const first = work.run('k', start, { gone: 'gone', failed, signal: leaving.signal });
    leaving.abort();
    expect(await first).toBe('gone');
    expect(await work.run('k', start, { gone: 'gone', failed })).toBe('done 2');
    expect(runs).toBe(2);
    await tick();
    expect(work.size).toBe(0);
  });
});
