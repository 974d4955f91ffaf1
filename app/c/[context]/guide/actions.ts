'use server';

import { z } from 'zod';
import { err, ok, type Result } from '@/lib/wire/errors';
import { invalidArgs, uuidArg } from '@/lib/http/args';
import { guideQuery, parseGuideState } from '@/lib/guide/walkthrough';
import { TOO_MANY } from '@/lib/hubs/walkthroughs';
import { publish } from '@/lib/hubs/walkthrough-store';

// The presenter's page tells followers where the walkthrough stands. A server action, like every
// write: the proxy refuses it without this dashboard's Origin.

const args = z.object({ id: uuidArg, key: uuidArg, query: z.string().max(2048, 'walkthrough state too long') }).strict();

/** Publishes the walkthrough at `query` (a guide URL's query) to the followers of `id`. */
export async function publishWalkthrough(input: unknown): Promise<Result<{ followers: number }>> {
  const a = args.safeParse(input);
  if (!a.success) return err(invalidArgs(a.error));
  // Re-read through the same parser as a link, so followers only ever receive a valid state.
  const state = parseGuideState(new URLSearchParams(guideQuery(parseGuideState(new URLSearchParams(a.data.query)))));
  let followers;
  try {
    followers = await publish(a.data.id, a.data.key, state);
  } catch (e) {
    return err({ kind: 'unavailable', message: `The walkthrough could not be shared with the other replicas: ${(e as Error).message}` });
  }
  if (followers === 'not the presenter') return err({ kind: 'forbidden', message: 'Only the presenter of this walkthrough can move it.' });
  if (followers === 'too many') return err({ kind: 'unavailable', message: TOO_MANY });
  return ok({ followers });
}
