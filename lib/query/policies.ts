import type { PolicyDto, VerificationDto } from '@/lib/wire/dto';
import { fetchResult } from './fetch';

export const policyKeys = {
  one: (context: string, namespace: string, name: string, generation?: number) =>
    ['policy', context, namespace, name, generation ?? 0] as const,
  verify: (context: string, namespace: string, name: string, run: number) => ['policy', context, namespace, name, 'verify', run] as const,
};

export const fetchPolicy = (href: (path: string) => string, namespace: string, name: string, signal?: AbortSignal) =>
  fetchResult<PolicyDto>(href(`/api/policies/${namespace}/${name}`), { signal });

export const fetchVerification = (href: (path: string) => string, namespace: string, name: string, signal?: AbortSignal) =>
  fetchResult<VerificationDto>(href(`/api/policies/${namespace}/${name}/verify`), { signal });
