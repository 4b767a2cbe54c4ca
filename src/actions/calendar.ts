import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { feedPath, issueFeedToken, revokeFeed } from '#server/calendar/feed.ts';
import { config } from '#server/config.ts';
import { requireUser } from './errors.ts';

export const calendarActions = {
  /** Creates the secret feed URL, or a new one (the old URL stops working). Shown once. */
  issueFeed: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: async (_input, context) => {
      const token = await issueFeedToken(requireUser(context).id);
      return { url: new URL(feedPath(token), config().siteOrigin).toString() };
    },
  }),

  revokeFeed: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: async (_input, context) => ({ revoked: await revokeFeed(requireUser(context).id) }),
  }),
};
