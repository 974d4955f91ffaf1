import { ClusterLink } from './page-frame';

// What each route segment shows while it loads and when what it names is not there. Every
// segment's loading.tsx and not-found.tsx is one of these, with its words; its error boundary is
// app/error.tsx. Server components: the only client part is ClusterLink, which every page's layout
// loads already, so these boundaries add no chunk to a page's first load (issue 13's budget).

export function SegmentLoading({ what }: { what: string }) {
  return (
    <p role="status" className="muted">
      Asking the API server for {what}…
    </p>
  );
}

export function SegmentNotFound({ what, back, backLabel }: { what: string; back: string; backLabel: string }) {
  return (
    <section className="card" role="alert" aria-label="Not found">
      <h1>Not found</h1>
      <p>
        There is no {what} here. <ClusterLink path={back}>{backLabel}</ClusterLink>.
      </p>
    </section>
  );
}
