import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { issueFeedUrl, revokeFeed } from '#features/calendar/calendar-feeds.service.ts';
import { requireUser } from './run-action.ts';

export const calendarActions = {
  /** Creates the secret feed URL, or a new one (the old URL stops working). Shown once. */
  issueFeed: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: async (_input, context) => ({ url: await issueFeedUrl(requireUser(context)) }),
  }),

  revokeFeed: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: async (_input, context) => ({ revoked: await revokeFeed(requireUser(context)) }),
  }),
};
