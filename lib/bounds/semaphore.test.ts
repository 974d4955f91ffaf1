import { describe, expect, it } from 'vitest';
import { Busy, Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('grants up to max at once and hands a released place to the next waiter', async () => {
    const s = new Semaphore(2, 4, 'port-forwards');
    const a = await s.acquire();
    await s.acquire();
    let third = false;
    const waiting = s.acquire().then((r) => {
      third = true;
      return r;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    expect(s.queued).toBe(1);
    a();
    a(); // a second release of the same place is ignored
    await waiting;
    expect(third).toBe(true);
    expect(s.inUse).toBe(2);
  });

  it('refuses at once, with a message, when the queue is full', async () => {
    const s = new Semaphore(1, 1, 'port-forwards');
    await s.acquire();
    void s.acquire();
    await expect(s.acquire()).rejects.toThrow(Busy);
    await expect(s.acquire()).rejects.toThrow('1 port-forwards are open and 1 more wait');
  });

  it('drops a waiter whose request was aborted', async () => {
    const s = new Semaphore(1, 4, 'port-forwards');
    const release = await s.acquire();
    const abort = new AbortController();
    const waiting = s.acquire(abort.signal);
    abort.abort(new Error('the browser went away'));
    await expect(waiting).rejects.toThrow('the browser went away');
    expect(s.queued).toBe(0);
    release();
    expect(s.inUse).toBe(0);
  });
});
