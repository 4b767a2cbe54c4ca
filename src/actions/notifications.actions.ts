import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { noticePreferenceInput, setNoticePreference } from '#features/notifications/notice-preferences.service.ts';
import { markRead } from '#features/notifications/notifications.service.ts';
import { requireUser } from './run-action.ts';

export const notificationActions = {
  /** Marks the given notifications (or all, without ids) as read; other members' ids are ignored. */
  markRead: defineAction({
    accept: 'form',
    input: z.object({ id: z.coerce.number().int().positive().optional() }),
    handler: async (input, context) => {
      const user = requireUser(context);
      const count = await markRead(user.id, input.id === undefined ? 'all' : [input.id]);
      return { count };
    },
  }),

  /** Turns an optional kind of notice on or off for the signed-in member. */
  setPreference: defineAction({
    accept: 'form',
    input: noticePreferenceInput,
    handler: (input, context) => setNoticePreference(requireUser(context).id, input),
  }),
};
