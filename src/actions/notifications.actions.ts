import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { emailPreferencesInput, saveEmailPreferences } from '#features/notifications/email-preferences.service.ts';
import { noticePreferenceInput, setNoticePreference } from '#features/notifications/notice-preferences.service.ts';
import { markRead } from '#features/notifications/notifications.service.ts';
import { requireUser, runAction } from './run-action.ts';

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

  /** Saves how each category of notice reaches the member (inbox only, email at once, or a digest). */
  saveEmailPreferences: defineAction({
    accept: 'form',
    input: emailPreferencesInput,
    handler: (input, context) =>
      runAction(context, () => saveEmailPreferences(requireUser(context), input).then(() => ({ saved: true }))),
  }),
  /** Turns an optional kind of notice on or off for the signed-in member. */
  setPreference: defineAction({
    accept: 'form',
    input: noticePreferenceInput,
    handler: (input, context) => setNoticePreference(requireUser(context).id, input),
  }),
};
