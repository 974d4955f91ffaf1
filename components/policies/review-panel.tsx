'use client';

import type { Review } from '@/app/c/[context]/policies/actions';
import { hasChanges } from '@/lib/policy/diff';

/** The dry-run's answer: what the API server would store, as a diff against the live object. */
export function ReviewPanel({ review, busy, onApply }: { review: Review; busy: boolean; onApply: () => void }) {
  const changed = hasChanges(review.diff);
  return (
    <section className="card" aria-labelledby="review-title">
      <h3 id="review-title">Dry run passed: what the API server would store</h3>
      <pre className="diff" data-testid="diff">
        {review.diff.map((l, i) => (
          <div key={i} className={l.op === '+' ? 'add' : l.op === '-' ? 'del' : undefined}>{`${l.op} ${l.text}`}</div>
        ))}
      </pre>
      {changed ? (
        <button type="button" disabled={busy} onClick={onApply}>
          {busy ? 'Applying…' : 'Apply'}
        </button>
      ) : (
        <p className="muted">No change: the cluster already has exactly this.</p>
      )}
    </section>
  );
}
