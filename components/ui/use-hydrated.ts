'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * False in the server's HTML and until React has hydrated the component, true after. A server
 * action's form submitted before hydration would post a plain multipart form, which the browser
 * boundary refuses (proxy.ts: only the calls React's client makes pass), so such buttons wait.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
