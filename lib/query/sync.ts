import type { Finding } from '@/lib/inspect/findings';
import type { GatewaySync } from '@/lib/inspect/sync';
import { fetchResult } from './fetch';

export const syncKeys = {
  gateway: (context: string, namespace: string, name: string) => ['gateway-sync', context, namespace, name] as const,
  findings: (context: string, namespace: string, name: string) => ['policy-findings', context, namespace, name] as const,
};

export const fetchGatewaySync = (href: (path: string) => string, namespace: string, name: string, signal?: AbortSignal) =>
  fetchResult<GatewaySync>(href(`/api/gateways/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/sync`), { signal });

export const fetchPolicyFindings = (href: (path: string) => string, namespace: string, name: string, signal?: AbortSignal) =>
  fetchResult<Finding[]>(href(`/api/policies/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/findings`), { signal });
