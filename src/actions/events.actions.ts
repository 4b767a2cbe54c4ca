import { defineAction } from 'astro:actions';
import { z } from 'zod';
import * as events from '#features/events/events.service.ts';
import { announcementInput, cancelInput, eventInput, materialsInput } from '#features/events/events.ts';
import * as rsvps from '#features/events/rsvp.service.ts';
import { requireUser, runAction } from './run-action.ts';

const eventRef = z.object({ eventId: z.string().max(40) });

export const eventActions = {
  create: defineAction({
    accept: 'form',
    input: eventInput,
    handler: (input, context) => runAction(context, () => events.createEvent(requireUser(context), input)),
  }),

  update: defineAction({
    accept: 'form',
    input: eventInput.extend(eventRef.shape),
    handler: ({ eventId, ...input }, context) =>
      runAction(context, () => events.updateEvent(requireUser(context), eventId, input)),
  }),

  publish: defineAction({
    accept: 'form',
    input: eventRef,
    handler: (input, context) => runAction(context, () => events.publishEvent(requireUser(context), input.eventId)),
  }),

  cancel: defineAction({
    accept: 'form',
    input: cancelInput,
    handler: (input, context) =>
      runAction(context, () => events.cancelEvent(requireUser(context), input.eventId, input.reason)),
  }),

  deleteDraft: defineAction({
    accept: 'form',
    input: eventRef,
    handler: (input, context) =>
      runAction(context, async () => {
        await events.deleteDraft(requireUser(context), input.eventId);
        return { deleted: true };
      }),
  }),

  updateMaterials: defineAction({
    accept: 'form',
    input: materialsInput,
    handler: (input, context) => runAction(context, () => events.updateMaterials(requireUser(context), input)),
  }),

  announce: defineAction({
    accept: 'form',
    input: announcementInput,
    handler: (input, context) => runAction(context, () => events.announce(requireUser(context), input)),
  }),

  rsvp: defineAction({
    accept: 'form',
    input: eventRef,
    handler: (input, context) => runAction(context, () => rsvps.rsvp(requireUser(context), input.eventId)),
  }),

  cancelRsvp: defineAction({
    accept: 'form',
    input: eventRef,
    handler: (input, context) => runAction(context, () => rsvps.cancelRsvp(requireUser(context), input.eventId)),
  }),
};
