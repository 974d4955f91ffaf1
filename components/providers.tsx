'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { isPermanent, type AppError } from '@/lib/wire/errors';

function shouldRetry(failureCount: number, error: unknown): boolean {
  const kind = (error as { appError?: AppError })?.appError?.kind;
  if (kind && isPermanent(kind)) return false; // 401/403/404/422 will not change by asking again
  return failureCount < 2;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: shouldRetry, staleTime: 5_000 } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
