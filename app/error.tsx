'use client';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section role="alert" className="card card-error">
      <h1>Something went wrong</h1>
      <p>{error.message || 'The page failed to render.'}</p>
      {error.digest && <p className="muted small">Reference {error.digest} (in the dashboard server log)</p>}
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
