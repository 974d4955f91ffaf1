'use client';

import { useHydrated } from './use-hydrated';

/**
 * A time in the reader's own zone and locale. The server cannot know them, so it renders the UTC
 * time and the browser replaces it after hydration — rendering the local time on both sides is
 * what made the overview throw a hydration mismatch (React error #418).
 */
export function LocalTime({ at }: { at: number | string }) {
  const inBrowser = useHydrated();
  const date = new Date(at);
  return <time dateTime={date.toISOString()}>{inBrowser ? date.toLocaleTimeString() : `${date.toISOString().slice(11, 19)} UTC`}</time>;
}
