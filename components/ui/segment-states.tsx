'use client';

import Link from 'next/link';
import { useClusterHref } from './use-cluster';

// What each route segment shows while it loads and when what it names is not there. Every
// segment's loading.tsx and not-found.tsx is one of these, with its words; its error.tsx is
// segment-error.tsx.

export function SegmentLoading({ what }: { what: string }) {
  return (
    <p role="status" className="muted">
      Asking the API server for {what}…
    </p>
  );
}

export function SegmentNotFound({ what, back, backLabel }: { what: string; back: string; backLabel: string }) {
  const href = useClusterHref();
  return (
    <section className="card" role="alert" aria-label="Not found">
      <h1>Not found</h1>
      <p>
        There is no {what} here. <Link href={href(back) || '/'}>{backLabel}</Link>.
      </p>
    </section>
  );
}
