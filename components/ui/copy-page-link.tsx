'use client';

import { CopyButton } from './copy-button';

/** Copies this page's address with `set` added to its query (e.g. the version it shows). */
export function CopyPageLink({ set, label }: { set: Record<string, string>; label: string }) {
  const link = () => {
    const url = new URL(window.location.href);
    for (const [k, v] of Object.entries(set)) url.searchParams.set(k, v);
    return url.toString();
  };
  return <CopyButton text={link} label={label} />;
}
