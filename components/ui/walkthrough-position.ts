'use client';

import { WALKTHROUGH_EVENT } from '@/lib/live/kinds';

// The presenter's position as a follower's page last received it. The header's live stream and
// the guide hydrate separately, so a position can arrive before the guide listens: the guide reads
// the last one when it starts listening, and no move is lost (a late joiner sat on step 1 before).

let latest: { follow: string; query: string } | undefined;

/** The live stream received the presenter's position for walkthrough `follow`. */
export function receivedPosition(follow: string, query: string): void {
  latest = { follow, query };
  window.dispatchEvent(new CustomEvent<string>(WALKTHROUGH_EVENT, { detail: query }));
}

/** The last position received for walkthrough `follow`, if any. */
export function lastPosition(follow: string): string | undefined {
  return latest?.follow === follow ? latest.query : undefined;
}
