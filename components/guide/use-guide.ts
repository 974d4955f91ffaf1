'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { publishWalkthrough } from '@/app/c/[context]/guide/actions';
import type { AppError } from '@/lib/wire/errors';
import { GUIDE_STEPS, guideQuery, type GuideState } from '@/lib/guide/walkthrough';
import { WALKTHROUGH_EVENT } from '@/lib/live/kinds';
import { lastPosition } from '@/components/ui/walkthrough-position';
import { useClusterHref } from '@/components/ui/use-cluster';
import type { GuideProps, Go } from './guide-props';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/**
 * Where the walkthrough stands and how it moves: through the URL (so a link reproduces it), by
 * buttons or ← / →, published to followers when presenting live, followed when following.
 */
export function useGuide({ state, session, sessionKey, follow }: Pick<GuideProps, 'state' | 'session' | 'sessionKey' | 'follow'>) {
  const router = useRouter();
  const href = useClusterHref();
  const [error, setError] = useState<AppError>();
  const withLive = useCallback(
    (q: string) => {
      const p = new URLSearchParams(q);
      if (session) p.set('session', session);
      if (sessionKey) p.set('key', sessionKey);
      if (follow) p.set('follow', follow);
      return href(`/guide?${p.toString()}`);
    },
    [session, sessionKey, follow, href],
  );
  const go: Go = useCallback(
    (next, how = 'push') => router[how](withLive(guideQuery({ ...state, ...next })), { scroll: false }),
    [router, state, withLive],
  );

  const step = state.step;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      const next = e.key === 'ArrowRight' || e.key === 'PageDown' ? step + 1 : e.key === 'ArrowLeft' || e.key === 'PageUp' ? step - 1 : 0;
      if (next < 1 || next > GUIDE_STEPS.length) return;
      e.preventDefault();
      go({ step: next });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, step]);

  // The presenter publishes where it stands; a follower goes wherever the presenter goes.
  const query = guideQuery(state);
  useEffect(() => {
    if (!session || !sessionKey || follow) return;
    void publishWalkthrough({ id: session, key: sessionKey, query }).then((r) => setError(r.ok ? undefined : r.error));
  }, [session, sessionKey, follow, query]);
  useEffect(() => {
    if (!follow) return;
    const moveTo = (q: string) => {
      if (q !== query) router.replace(withLive(q), { scroll: false });
    };
    const onMove = (ev: Event) => moveTo((ev as CustomEvent<string>).detail);
    // A position that arrived before this page listened (the stream can be faster than hydration).
    const last = lastPosition(follow);
    if (last !== undefined) moveTo(last);
    window.addEventListener(WALKTHROUGH_EVENT, onMove);
    return () => window.removeEventListener(WALKTHROUGH_EVENT, onMove);
  }, [follow, query, router, withLive]);

  const startLive = () => {
    const p = new URLSearchParams(query);
    p.set('session', crypto.randomUUID());
    p.set('key', crypto.randomUUID());
    router.replace(href(`/guide?${p.toString()}`), { scroll: false });
  };
  return { go, startLive, error, setError, plainLink: href(`/guide?${query}`) };
}

/** The link "Copy link" copies: this view, never the presenter's key or live session. */
export function shareableLink(): string {
  const url = new URL(window.location.href);
  url.searchParams.delete('key');
  url.searchParams.delete('session');
  return url.toString();
}

export type { GuideState };
