'use client';

import Link from 'next/link';
import { useClusterHref } from './use-cluster';

// What each route segment shows while it loads, when it fails, and when what it names is not
// there. Every segment's loading.tsx, error.tsx and not-found.tsx is one of these, with its words.

export function SegmentLoading({ what }: { what: string }) {
  return (
    <p role="status" className="muted">
      Asking the API server for {what}…
    </p>
  );
}

export function SegmentError({ what, error, reset }: { what: string; error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section role="alert" className="card card-error">
      <h1>Could not show {what}</h1>
      <p>{error.message || 'The page failed to render.'}</p>
      {error.digest && <p className="muted small">Reference {error.digest} (in the dashboard server log)</p>}
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
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
