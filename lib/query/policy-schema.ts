import type { PolicySchemaDto } from '@/lib/wire/dto';
import { fetchResult } from './fetch';

export const policySchemaKeys = {
  of: (context: string | undefined) => ['policy-schema', context ?? ''] as const,
};

/** The CRD that judges the policy form; it changes only with an upgrade, so it is read once a tab. */
export function policySchemaQuery(context: string | undefined, href: (path: string) => string) {
  return {
    key: policySchemaKeys.of(context),
    enabled: context !== undefined,
    read: (signal: AbortSignal) => fetchResult<PolicySchemaDto>(href('/api/policy-schema'), { signal }),
    staleMs: Infinity,
  };
}
