'use server';

import { z } from 'zod';
import { err, ok, type Result } from '@/lib/errors';
import { parseGuideState, guideQuery } from '@/lib/guide';
import { publishState } from '@/lib/walkthrough-hub';

// The presenter's page tells followers where the walkthrough stands. A server action, like every
// write: Next checks the Origin of each call.

const sessionId = z.uuid();

/** Publishes the walkthrough at `query` (a guide URL's query) to the followers of `id`. */
export async function publishWalkthrough(id: string, key: string, query: string): Promise<Result<{ followers: number }>> {
  if (!sessionId.safeParse(id).success || !sessionId.safeParse(key).success)
    return err({ kind: 'invalid', message: 'Not a walkthrough id.' });
  if (query.length > 2048) return err({ kind: 'invalid', message: 'Walkthrough state too long.' });
  // Re-read through the same parser as a link, so followers only ever receive a valid state.
  const state = parseGuideState(new URLSearchParams(guideQuery(parseGuideState(new URLSearchParams(query)))));
  const followers = publishState(id, key, state);
  return followers === 'not the presenter'
    ? err({ kind: 'forbidden', message: 'Only the presenter of this walkthrough can move it.' })
    : ok({ followers });
}
