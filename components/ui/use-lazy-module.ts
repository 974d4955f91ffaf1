'use client';

import { useQuery } from '@tanstack/react-query';

// Heavy libraries (YAML, the API server's CEL rules, zod) load when a page first uses them, not
// with the page: every route stays within the first-load budget (npm run bench, issue 13). Each
// module is loaded once per tab and shared by every component that asks.

function useLazyModule<T>(key: string, load: () => Promise<T>): T | undefined {
  return useQuery({ queryKey: ['lazy-module', key], queryFn: load, staleTime: Infinity, gcTime: Infinity, structuralSharing: false }).data;
}

/** The YAML library's toYaml and friends, once loaded. */
export const useYaml = () => useLazyModule('yaml', () => import('@/lib/policy/yaml'));

/** The form's checks: the zod schema and the CRD's rules as the API server runs them, once loaded. */
export const useFormChecks = () => useLazyModule('form-checks', () => import('@/lib/policy/form-checks'));
