'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useClusterHref } from './use-cluster';
import { useEffect, useRef, useState } from 'react';
import { LIVE_EVENT, refreshKindsFor, type LiveChange, type LiveState } from '@/lib/live/kinds';
import { receivedPosition } from './walkthrough-position';

const REFRESH_AFTER_MS = 200;
/** The server beats every 5 s. */
const SILENCE_MS = 12_000;
const CAPPED_PAUSE_MS = 30_000;

/**
 * Follows the cluster through the server's shared watches (Server-Sent Events): re-renders the
 * page when what it shows changes, re-dispatches every change as a window event, and says
 * whether the stream is up. EventSource resumes by itself after a drop.
 */
export function LiveUpdates() {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const href = useClusterHref();
  const follow = params.get('follow') ?? '';
  const [open, setOpen] = useState(false);
  const [kinds, setKinds] = useState<Record<string, LiveState>>({});
  const [capped, setCapped] = useState<string>();
  const path = useRef(pathname);
  useEffect(() => {
    path.current = pathname;
  }, [pathname]);

  useEffect(() => {
    const q = new URLSearchParams(follow ? { follow } : {}).toString();
    const url = href(`/api/events${q ? `?${q}` : ''}`);
    /** At a cap the server says so once; asking again every 2 s would only add to the load. */
    let pausedUntil = 0;
    let source: EventSource;
    let lastSeen = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      source = new EventSource(url);
      source.onopen = () => {
        lastSeen = Date.now();
        setOpen(true);
      };
      source.onerror = () => {
        setOpen(false);
        // CLOSED, not CONNECTING: the server answered with an error (an unknown context, a refusal).
        if (source.readyState === EventSource.CLOSED)
          setCapped('The server refused the live-update stream for this page; it is tried again shortly.');
      };
      source.onmessage = (m: MessageEvent<string>) => {
        lastSeen = Date.now();
        const e = JSON.parse(m.data) as
          LiveChange | LiveState | { type: 'heartbeat' } | { type: 'walkthrough'; query: string } | { type: 'capped'; message: string };
        if (e.type === 'heartbeat') return;
        if (e.type === 'capped') {
          setCapped(e.message);
          pausedUntil = Date.now() + CAPPED_PAUSE_MS;
          source.close();
          return;
        }
        setCapped(undefined);
        if (e.type === 'walkthrough') {
          receivedPosition(follow, e.query);
          return;
        }
        if (e.type === 'state') {
          setKinds((k) => ({ ...k, [e.kind]: e }));
          return;
        }
        window.dispatchEvent(new CustomEvent<LiveChange>(LIVE_EVENT, { detail: e }));
        if (!refreshKindsFor(path.current).includes(e.kind)) return;
        clearTimeout(timer);
        timer = setTimeout(() => router.refresh(), REFRESH_AFTER_MS);
      };
    };
    connect();
    // A connection can die without an error (a sleeping laptop, a proxy): silence means down.
    const watchdog = setInterval(() => {
      if (Date.now() - lastSeen < SILENCE_MS || !navigator.onLine || Date.now() < pausedUntil) return;
      setOpen(false);
      source.close();
      lastSeen = Date.now();
      connect();
    }, 2_000);
    // The browser knows when the network goes: show it at once, and reconnect when it is back.
    const offline = () => {
      setOpen(false);
      source.close();
    };
    const online = () => {
      source.close();
      lastSeen = Date.now();
      connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      clearTimeout(timer);
      clearInterval(watchdog);
      source.close();
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  }, [href, follow, router]);

  const states = Object.values(kinds);
  const failed = states.find((s) => s.state === 'failed');
  const live = open && states.length > 0 && states.every((s) => s.state === 'live');
  // Until the stream is first live, it is connecting: a page that just loaded lost nothing.
  const [wasLive, setWasLive] = useState(false);
  if (live && !wasLive) setWasLive(true);
  const label = capped ? 'Live updates paused' : failed ? 'Live updates off' : live ? 'Live' : wasLive ? 'Reconnecting…' : 'Connecting…';
  return (
    <span
      role="status"
      aria-label="Live updates"
      className={`live-indicator ${capped || failed ? 'off' : live ? 'on' : 'down'}`}
      title={
        capped ??
        failed?.message ??
        (live
          ? 'Following the cluster: pages update as it changes.'
          : wasLive
            ? 'The update stream is down; it resumes by itself.'
            : 'Connecting to the update stream.')
      }
    >
      <span aria-hidden="true">●</span> {label}
      {capped && <span className="sr-only">: {capped}</span>}
    </span>
  );
}
