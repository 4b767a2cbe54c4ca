import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { followingInput, repeatingEventInput } from '#features/events/series/repeat-input.ts';
import * as series from '#features/events/series/series.service.ts';
import { requireUser, runAction } from './run-action.ts';

/** Events that repeat, and creating events (single or repeating) from the form. */
export const eventSeriesActions = {
  /** The new-event form: a single draft, or a series of drafts when it repeats. */
  create: defineAction({
    accept: 'form',
    input: repeatingEventInput,
    handler: (input, context) => runAction(context, () => series.createEventOrSeries(requireUser(context), input)),
  }),
  publish: defineAction({
    accept: 'form',
    input: z.object({ seriesId: z.string().max(40) }),
    handler: (input, context) => runAction(context, () => series.publishSeries(requireUser(context), input.seriesId)),
  }),
  skip: defineAction({
    accept: 'form',
    input: z.object({ eventId: z.string().max(40), reason: z.string().trim().max(500).optional() }),
    handler: (input, context) =>
      runAction(context, () => series.skipOccurrence(requireUser(context), input.eventId, input.reason)),
  }),
  /** The edit form of one date: "only this date" or "this and all following dates". */
  update: defineAction({
    accept: 'form',
    input: followingInput.extend({ scope: z.enum(['one', 'following']).default('one') }),
    handler: ({ scope, eventId, until, ...rest }, context) =>
      runAction(context, () => {
        const actor = requireUser(context);
        return scope === 'following'
          ? series.updateFollowing(actor, { ...rest, eventId, until })
          : series.updateOneOccurrence(actor, eventId, rest);
      }),
  }),
};
