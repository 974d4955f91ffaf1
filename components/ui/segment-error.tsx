'use client';

import { usePathname } from 'next/navigation';
import { pageSubject } from '@/lib/nav/cluster-path';

/**
 * Every route segment's error boundary (each `error.tsx` re-exports this): one module, so one
 * small chunk on a page however many segments it nests (issue 13's first-load budget). Its words
 * name what the address shows.
 */
export default function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section role="alert" className="card card-error">
      <h1>Could not show {pageSubject(usePathname() ?? '')}</h1>
      <p>{error.message || 'The page failed to render.'}</p>
      {error.digest && <p className="muted small">Reference {error.digest} (in the dashboard server log)</p>}
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
