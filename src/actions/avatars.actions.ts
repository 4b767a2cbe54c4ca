import { defineAction } from 'astro:actions';
import { z } from 'zod';
import * as avatars from '#features/avatars/avatars.service.ts';
import { requireUser, runAction } from './run-action.ts';

export const avatarActions = {
  /** A new picture from /settings/avatar (the only route that accepts a body this large). */
  upload: defineAction({
    accept: 'form',
    input: z.object({ picture: z.instanceof(File, { error: 'Choose a picture to upload.' }) }),
    handler: (input, context) => runAction(context, () => avatars.setAvatar(requireUser(context), input.picture)),
  }),

  /** Back to the generated picture. */
  remove: defineAction({
    accept: 'form',
    input: z.object({}),
    handler: (_input, context) =>
      runAction(context, async () => {
        await avatars.removeAvatar(requireUser(context));
        return { removed: true };
      }),
  }),
};
