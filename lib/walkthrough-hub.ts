import 'server-only';
import type { GuideState } from '@/lib/guide';

// Live walkthroughs: the presenter's page publishes where it stands, followers' pages receive it.
// In memory, per server process; a walkthrough nobody has touched for an hour is forgotten.

type Listener = (s: GuideState) => void;
interface Session { state?: GuideState; listeners: Set<Listener>; touched: number }

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

export function publishState(id: string, state: GuideState): number {
  const s = session(id);
  s.state = state;
  for (const l of s.listeners) l(state);
  return s.listeners.size;
}

export function followSession(id: string, listener: Listener): () => void {
  const s = session(id);
  s.listeners.add(listener);
  if (s.state) listener(s.state);
  return () => { s.listeners.delete(listener); s.touched = Date.now(); };
}
