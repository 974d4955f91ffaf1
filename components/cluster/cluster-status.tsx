'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import type { ClusterInfoDto } from '@/lib/wire/dto';
import type { Result } from '@/lib/wire/errors';
import { ClusterSummary } from './cluster-summary';
import { Unreachable } from './unreachable';

const RECHECK_MS = 15_000;

/**
 * The cluster the dashboard is connected to, re-checked every 15 s so a dead API server shows: the
 * server renders the page again with a fresh answer (router.refresh), so this page needs no query
 * library of its own (issue 13's first-load budget). "Checked" is the server's time of the answer.
 */
export function ClusterStatus({ initial }: { initial: Result<ClusterInfoDto> }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), RECHECK_MS);
    return () => clearInterval(timer);
  }, [router]);
  if (initial.ok) return <ClusterSummary info={initial.value} checkedAt={initial.value.checkedAt} />;
  return <Unreachable message={initial.error.message} kind={initial.error.kind} />;
}
