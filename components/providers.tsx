'use client';

import { isServer, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { isPermanent, type AppError } from '@/lib/wire/errors';

// React Query is provided by the pages that use it, not by the root layout: the routes without a
// query (Policies, Gateways, the offline dump, snapshots, signed-out) do not load it (issue 13's
// first-load budget). Every page of a tab shares one client, as the root layout's did, so what one
// page fetched is there for the next; a server render always makes its own, so nothing one
// person's render put in it reaches another's.

function shouldRetry(failureCount: number, error: unknown): boolean {
  const kind = (error as { appError?: AppError })?.appError?.kind;
  if (kind && isPermanent(kind)) return false; // 401/403/404/422 will not change by asking again
  return failureCount < 2;
}

const makeClient = () => new QueryClient({ defaultOptions: { queries: { retry: shouldRetry, staleTime: 5_000 } } });
let browserClient: QueryClient | undefined;

export function QueryProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => (isServer ? makeClient() : (browserClient ??= makeClient())));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
