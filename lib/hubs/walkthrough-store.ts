import 'server-only';
import { env } from '@/lib/config/env';
import type { GuideState } from '@/lib/guide/walkthrough';
import { followSession, publishState } from './walkthroughs';
import { followLease, publishToLease } from './walkthrough-leases';

// Where live walkthroughs live: in this process (one replica, the default), or in Leases of
// DASHBOARD_WALKTHROUGH_NAMESPACE, which every replica behind a load balancer watches.

export const sharedWalkthroughs = () => env().DASHBOARD_WALKTHROUGH_NAMESPACE !== undefined;

export async function publish(id: string, key: string, state: GuideState): Promise<number | 'not the presenter' | 'too many'> {
  return sharedWalkthroughs() ? publishToLease(id, key, state) : publishState(id, key, state);
}

export function follow(id: string, listener: (s: GuideState) => void): (() => void) | string {
  return sharedWalkthroughs() ? followLease(id, listener) : followSession(id, listener);
}
