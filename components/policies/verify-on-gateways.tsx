'use client';

import { useState } from 'react';
import { fetchVerification, policyKeys } from '@/lib/query/policies';
import { toAppError } from '@/lib/query/fetch';
import { ErrorBanner } from '@/components/ui/error-banner';
import { useClusterContext, useClusterHref } from '@/components/ui/use-cluster';
import { useRead } from '@/components/ui/use-read';

const LIMIT_MS = 90_000;
const EVERY_MS = 2_000;

/**
 * Re-reads every replica's config dump until all show the policy, and says how long it took. A
 * query (GET, polled), not a server action: actions run one at a time per page, so a poll would
 * queue every write behind it.
 */
export function VerifyOnGateways({ namespace, name }: { namespace: string; name: string }) {
  const href = useClusterHref();
  const context = useClusterContext() ?? '';
  const [run, setRun] = useState<{ n: number; startedAt: number }>();
  const { data, error, dataUpdatedAt } = useRead({
    key: policyKeys.verify(context, namespace, name, run?.n ?? 0),
    read: (signal) => fetchVerification(href, namespace, name, signal),
    enabled: !!run,
    retry: false,
    every: (s) => (!run || s.data?.allInEffect || s.error || s.updatedAt - run.startedAt > LIMIT_MS ? false : EVERY_MS),
  });
  const settled = !!run && !!data && (data.allInEffect || dataUpdatedAt - run.startedAt > LIMIT_MS);
  const running = !!run && !error && !settled;
  const seconds = run ? ((dataUpdatedAt - run.startedAt) / 1000).toFixed(1) : '0';
  return (
    <div className="verify">
      <button
        type="button"
        className="secondary"
        disabled={running}
        onClick={() => setRun({ n: (run?.n ?? 0) + 1, startedAt: Date.now() })}
      >
        {running ? 'Verifying…' : 'Verify on the gateways'}
      </button>
      {error && <ErrorBanner error={toAppError(error)} />}
      {settled && (
        <p role="status" data-testid="verify-result" className={data.allInEffect ? 'good' : 'bad'}>
          {data.allInEffect ? `In effect on every replica after ${seconds} s.` : `Not in effect everywhere after ${seconds} s.`}
        </p>
      )}
      {data && (
        <ul className="small">
          {data.checks.map((c) => (
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
