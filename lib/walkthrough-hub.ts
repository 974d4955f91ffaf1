import 'server-only';
import type { GuideState } from '@/lib/guide';

// Live walkthroughs: the presenter's page publishes where it stands, followers' pages receive it.
// In memory, per server process; a walkthrough nobody has touched for an hour is forgotten.

type Listener = (s: GuideState) => void;
interface Session {
  state?: GuideState;
  listeners: Set<Listener>;
  touched: number;
  key?: string;
}

const IDLE_FORGET_MS = 60 * 60 * 1000;
const sessions = ((globalThis as { __dashboardWalkthroughs?: Map<string, Session> }).__dashboardWalkthroughs ??= new Map());

function session(id: string): Session {
  let s = sessions.get(id);
  if (!s) {
    s = { listeners: new Set(), touched: Date.now() };
    sessions.set(id, s);
  }
  s.touched = Date.now();
  for (const [key, other] of sessions) if (other.listeners.size === 0 && Date.now() - other.touched > IDLE_FORGET_MS) sessions.delete(key);
  return s;
}

/**
 * Publishes the presenter's state. The first publisher's key claims the walkthrough: followers
 * know its id (their link carries it) but not the key, so they cannot move the others.
 */
export function publishState(id: string, key: string, state: GuideState): number | 'not the presenter' {
  const s = session(id);
  s.key ??= key;
  if (s.key !== key) return 'not the presenter';
  s.state = state;
  for (const l of s.listeners) l(state);
  return s.listeners.size;
}

export function followSession(id: string, listener: Listener): () => void {
  const s = session(id);
  s.listeners.add(listener);
  if (s.state) listener(s.state);
  return () => {
    s.listeners.delete(listener);
    s.touched = Date.now();
  };
}
