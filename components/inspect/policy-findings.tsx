'use client';

import { fetchPolicyFindings, syncKeys } from '@/lib/query/sync';
import { toAppError } from '@/lib/query/fetch';
import { ErrorBanner } from '@/components/ui/error-banner';
import { useClusterContext, useClusterHref } from '@/components/ui/use-cluster';
import { useRead } from '@/components/ui/use-read';
import { FindingsList } from './findings-list';

/** Findings are asked again this often: a refusal or a warming cluster changes within seconds. */
const EVERY_MS = 10_000;

/** "Why isn't my policy in effect?", answered with evidence and commands. */
export function PolicyFindings({ namespace, name }: { namespace: string; name: string }) {
  const href = useClusterHref();
  const context = useClusterContext() ?? '';
  const { data, error, isPending, isFetching } = useRead({
    key: syncKeys.findings(context, namespace, name),
    read: (signal) => fetchPolicyFindings(href, namespace, name, signal),
    every: EVERY_MS,
    retry: false,
  });
  return (
    <section className="card" aria-label="Why is it in effect or not" aria-busy={isFetching}>
      <h2>Why is it in effect, or not?</h2>
      {isPending && <p className="muted small">Reading the targets, the routes, kgateway and every replica…</p>}
      {error && <ErrorBanner error={toAppError(error)} />}
      {data && <FindingsList findings={data} empty="Nothing stands in the way: no finding for this policy." />}
    </section>
  );
}
