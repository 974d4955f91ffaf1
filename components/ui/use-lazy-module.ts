'use client';

import { useEffect, useState } from 'react';

// Heavy modules (the form's checks: zod and the API server's CEL rules; the CRD field editors)
// load when a page first uses them, not with the page: every route stays within the first-load
// budget (npm run bench, issue 13). Each module is loaded once per tab and shared by every
// component that asks. (Not a read of the read cache, components/ui/use-read.ts: a module is not
// data, and has no key, staleness or poll.)

interface Entry {
  promise: Promise<unknown>;
  value?: unknown;
}
const modules = new Map<string, Entry>();

function loadOnce(key: string, load: () => Promise<unknown>): Entry {
  let entry = modules.get(key);
  if (!entry) {
    const e: Entry = {
      // One more try a second later, as a read does: a chunk can fail on a network blip.
      promise: load()
        .catch(() => new Promise((retry) => setTimeout(retry, 1000)).then(load))
        .then(
          (value) => (e.value = value),
          (err: unknown) => {
            modules.delete(key); // a chunk that failed to load is asked for again by the next user
            throw err;
          },
        ),
    };
    modules.set(key, (entry = e));
  }
  return entry;
}

/** The module once loaded; asked for only once `wanted` (a person started using what needs it). */
export function useLazyModule<T>(key: string, load: () => Promise<T>, wanted = true): T | undefined {
  const [value, setValue] = useState(() => modules.get(key)?.value as T | undefined);
  useEffect(() => {
    if (value !== undefined || !wanted) return;
    let live = true;
    loadOnce(key, load).promise.then(
      (v) => live && setValue(v as T),
      () => undefined, // the page goes on without it, as it does while it loads
    );
    return () => {
      live = false;
    };
    // `load` is a new function on every render; the key names the module.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, value, wanted]);
  return value;
}

/**
 * The form's checks: the zod schema and the CRD's rules as the API server runs them, once loaded.
 * They load when the person first works with the form (`wanted`), not when it opens: someone who
 * only reads a policy never needs them, and they are the largest part of the form.
 */
export const useFormChecks = (wanted: boolean) => useLazyModule('form-checks', () => import('@/lib/policy/form-checks'), wanted);
