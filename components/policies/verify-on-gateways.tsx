'use client';

import { useState } from 'react';
import { verifyPolicy, type VerifyCheck } from '@/app/policies/actions';
import type { AppError } from '@/lib/errors';
import { ErrorBanner } from '@/components/ui/error-banner';

const LIMIT_MS = 90_000;
const EVERY_MS = 2_000;

/** Re-reads every replica's config dump until all show the policy, and says how long it took. */
export function VerifyOnGateways({ context, namespace, name }: { context?: string; namespace: string; name: string }) {
  const [state, setState] = useState<{ running: boolean; elapsed: number; checks?: VerifyCheck[]; done?: boolean; error?: AppError }>({
    running: false,
    elapsed: 0,
  });
  async function run() {
    const t0 = Date.now();
    setState({ running: true, elapsed: 0 });
    for (;;) {
      const r = await verifyPolicy(context, namespace, name);
      const elapsed = Date.now() - t0;
      if (!r.ok) return setState({ running: false, elapsed, error: r.error });
      if (r.value.allInEffect || elapsed > LIMIT_MS)
        return setState({ running: false, elapsed, checks: r.value.checks, done: r.value.allInEffect });
      setState({ running: true, elapsed, checks: r.value.checks });
      await new Promise((done) => setTimeout(done, EVERY_MS));
    }
  }
  const seconds = (state.elapsed / 1000).toFixed(1);
  return (
    <div className="verify">
      <button type="button" className="secondary" disabled={state.running} onClick={run}>
        {state.running ? `Verifying… ${seconds} s` : 'Verify on the gateways'}
      </button>
      {state.error && <ErrorBanner error={state.error} />}
      {state.done !== undefined && !state.running && (
        <p role="status" data-testid="verify-result" className={state.done ? 'good' : 'bad'}>
          {state.done ? `In effect on every replica after ${seconds} s.` : `Not in effect everywhere after ${seconds} s.`}
        </p>
      )}
      {state.checks && (
        <ul className="small">
          {state.checks.map((c) => (
            <li key={`${c.gateway}/${c.service}:${c.port}`}>
              {c.gateway} · {c.service}:{c.port}: in effect on {c.inEffect} of {c.replicas} replicas
              {c.problems.length > 0 && (
                <ul>
                  {c.problems.map((p) => (
                    <li key={p} className="muted">
                      {p}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
