'use client';

// The client parts of the frame around every page: links inside the page's cluster (the header's,
// and those of the server-rendered not-found boundaries) and the error boundary. Every page loads
// both on first load; as one module they come in the layout's chunk, not in chunks of their own
// (issue 13's budget: 0.8 KiB less on every route, measured by bench/first-load-browser.ts).

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { pageSubject } from '@/lib/nav/page-subject';
import { useClusterHref } from './use-cluster';

/**
 * A link to `path` inside the page's cluster (`/policies` → `/c/<context>/policies`), built from
 * the address; server components, such as a not-found page, do not know the context.
 */
export function ClusterLink({ path, className, children }: { path: string; className?: string; children: ReactNode }) {
  const href = useClusterHref();
  return (
    <Link prefetch={false} href={href(path) || '/'} className={className}>
      {children}
    </Link>
  );
}

/** The error boundary of every page (app/error.tsx): its words name what the address shows. */
export function SegmentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
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
