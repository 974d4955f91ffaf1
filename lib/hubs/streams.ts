import 'server-only';
import { env } from '@/lib/config/env';

// Open event streams, capped per browser and in total. A browser is told apart by the random,
// HttpOnly cookie the proxy gives it (not a credential); without one, all such clients share one
// allowance. At a cap the stream says so and closes instead of piling up.

const PER_BROWSER = env().DASHBOARD_MAX_STREAMS_PER_BROWSER;
const TOTAL = env().DASHBOARD_MAX_STREAMS;

const open = ((globalThis as { __dashboardStreams?: Map<string, number> }).__dashboardStreams ??= new Map());

export type StreamSlot = { ok: true; release: () => void } | { ok: false; message: string };

export function takeStreamSlot(browser: string): StreamSlot {
  const total = [...open.values()].reduce((a, b) => a + b, 0);
  const mine = open.get(browser) ?? 0;
  if (mine >= PER_BROWSER) {
    return {
      ok: false,
      message: `This browser already has ${mine} live-update streams open (the most is ${PER_BROWSER}): close some dashboard tabs.`,
    };
  }
  if (total >= TOTAL) {
    return { ok: false, message: `The dashboard serves ${total} live-update streams, its most (DASHBOARD_MAX_STREAMS): try again later.` };
  }
  open.set(browser, mine + 1);
  let released = false;
  return {
    ok: true,
    release: () => {
      if (released) return;
      released = true;
      const n = (open.get(browser) ?? 1) - 1;
      if (n <= 0) open.delete(browser);
      else open.set(browser, n);
    },
  };
}

export function streamStats() {
  return { open: [...open.values()].reduce((a, b) => a + b, 0), browsers: open.size, perBrowser: PER_BROWSER, total: TOTAL };
}
