import 'server-only';
import { env } from '@/lib/config/env';
import type { GuideState } from '@/lib/guide/walkthrough';

// Live walkthroughs: the presenter's page publishes where it stands, followers' pages receive it.
// In memory, per server process, and bounded: at most MAX_SESSIONS at once, each forgotten after
// an hour without a publish or a follower, at most MAX_FOLLOWERS following one.

type Listener = (s: GuideState) => void;
interface Walkthrough {
  state?: GuideState;
  listeners: Set<Listener>;
  touched: number;
  key?: string;
}

const IDLE_FORGET_MS = 60 * 60 * 1000;
const MAX_SESSIONS = env().DASHBOARD_MAX_WALKTHROUGHS;
const MAX_FOLLOWERS = 100;
const sessions = ((globalThis as { __dashboardWalkthroughs?: Map<string, Walkthrough> }).__dashboardWalkthroughs ??= new Map());

export const TOO_MANY = `The dashboard holds ${MAX_SESSIONS} live walkthroughs, its most; one is forgotten after an hour unused. End one, or present without "Present live".`;

function forgetIdle(now: number) {
  for (const [id, s] of sessions) if (s.listeners.size === 0 && now - s.touched > IDLE_FORGET_MS) sessions.delete(id);
}

function walkthrough(id: string): Walkthrough | undefined {
  const now = Date.now();
  let s = sessions.get(id);
  if (!s) {
    forgetIdle(now);
    if (sessions.size >= MAX_SESSIONS) return undefined;
    s = { listeners: new Set(), touched: now };
    sessions.set(id, s);
  }
  s.touched = now;
  return s;
}

/**
 * Publishes the presenter's state. The first publisher's key claims the walkthrough: followers
 * know its id (their link carries it) but not the key, so they cannot move the others.
 */
export function publishState(id: string, key: string, state: GuideState): number | 'not the presenter' | 'too many' {
  const s = walkthrough(id);
  if (!s) return 'too many';
  s.key ??= key;
  if (s.key !== key) return 'not the presenter';
  s.state = state;
  for (const l of s.listeners) l(state);
  return s.listeners.size;
}

export const TOO_MANY_FOLLOWERS = `This walkthrough already has ${MAX_FOLLOWERS} followers, its most: ask the presenter to share a snapshot instead.`;

/** Follows a walkthrough, or says why it cannot: the server holds too many, or this one has too many followers. */
export function followSession(id: string, listener: Listener): (() => void) | string {
  const s = walkthrough(id);
  if (!s) return TOO_MANY;
  if (s.listeners.size >= MAX_FOLLOWERS) return TOO_MANY_FOLLOWERS;
  s.listeners.add(listener);
  if (s.state) listener(s.state);
  return () => {
    s.listeners.delete(listener);
    s.touched = Date.now();
  };
}

export function walkthroughStats() {
  return { sessions: sessions.size, max: MAX_SESSIONS };
}
