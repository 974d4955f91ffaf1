import { parseClusterPath } from '@/lib/nav/cluster-path';
import type { ServiceDto } from '@/lib/wire/dto';

// Which cluster changes each page re-renders on, and the browser-side event for the rest. Pure.

/** The kinds the server watches for the pages. */
export const LIVE_KINDS = ['services', 'backendconfigpolicies', 'pods'] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];

export interface LiveChange {
  type: 'change';
  kind: LiveKind;
  change: 'ADDED' | 'MODIFIED' | 'DELETED';
  namespace?: string;
  name: string;
  resourceVersion?: string;
  generation?: number;
  /**
   * A Service added or changed, as the Services list shows it, so that the list updates the one
   * row. The watch is the person's own (lib/k8s/watch-hub.ts): they may read what it sends.
   */
  service?: ServiceDto;
}

/** How one kind's shared watch is doing, as the server streams it. */
export interface LiveState {
  type: 'state';
  kind: LiveKind;
  state: 'live' | 'reconnecting' | 'failed';
  message?: string;
}

/** The window event every change is re-dispatched as, for components that react on their own. */
export const LIVE_EVENT = 'kgw:change';

/** The window event a follower's page receives the presenter's position as (a guide query). */
export const WALKTHROUGH_EVENT = 'kgw:walkthrough';

/**
 * The kinds whose changes re-render the page at `pathname`. Forms are left alone — a refresh
 * must never move what the user is editing — and so are dumps, which are files.
 */
export function refreshKindsFor(fullPath: string): LiveKind[] {
  const pathname = parseClusterPath(fullPath)?.rest ?? fullPath;
  // A Service change updates its own row (it carries the Service); a policy can change many rows.
  if (pathname === '/services') return ['backendconfigpolicies'];
  if (pathname === '/policies') return ['backendconfigpolicies', 'services'];
  if (pathname === '/gateways' || pathname.startsWith('/gateways/')) return ['pods'];
  if (pathname === '/guide') return ['backendconfigpolicies', 'services', 'pods'];
  return [];
}
