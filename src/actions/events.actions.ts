import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { EVENT_ROLES } from '#db/schema/index.ts';
import * as attendance from '#features/events/attendance.service.ts';
import { checkInInput, selfCheckInInput } from '#features/events/attendance.ts';
import * as feedback from '#features/events/event-feedback.service.ts';
import { eventFeedbackInput } from '#features/events/event-feedback.ts';
import * as events from '#features/events/events.service.ts';
import { announcementInput, cancelInput, eventInput, materialsInput } from '#features/events/events.ts';
import * as invitations from '#features/events/invitations.service.ts';
import * as learners from '#features/events/learner-notices.service.ts';
import * as rsvps from '#features/events/rsvp.service.ts';
import { requireUser, runAction } from './run-action.ts';

const eventRef = z.object({ eventId: z.string().max(40) });
const roleRef = eventRef.extend({ role: z.enum(EVENT_ROLES) });

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

  acceptInvitation: defineAction({
    accept: 'form',
    input: roleRef,
    handler: (input, context) => runAction(context, () => invitations.acceptInvitation(requireUser(context), input)),
  }),

  declineInvitation: defineAction({
    accept: 'form',
    input: roleRef,
    handler: (input, context) => runAction(context, () => invitations.declineInvitation(requireUser(context), input)),
  }),

  /** The organiser takes back an invitation nobody has answered. */
  withdrawInvitation: defineAction({
    accept: 'form',
    input: roleRef.extend({ userId: z.string().max(40) }),
    handler: (input, context) => runAction(context, () => invitations.withdrawInvitation(requireUser(context), input)),
  }),

  /** A co-host or speaker who accepted leaves the event. */
  stepDown: defineAction({
    accept: 'form',
    input: roleRef,
    handler: (input, context) => runAction(context, () => invitations.stepDown(requireUser(context), input)),
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

  checkIn: defineAction({
    accept: 'form',
    input: checkInInput,
    handler: (input, context) => runAction(context, () => attendance.checkIn(requireUser(context), input)),
  }),

  selfCheckIn: defineAction({
    accept: 'form',
    input: selfCheckInInput,
    handler: (input, context) =>
      runAction(context, async () => {
        await attendance.selfCheckIn(requireUser(context), input);
        return { checkedIn: true };
      }),
  }),

  feedback: defineAction({
    accept: 'form',
    input: eventFeedbackInput,
    handler: (input, context) =>
      runAction(context, async () => {
        await feedback.giveEventFeedback(requireUser(context), input);
        return { sent: true };
      }),
  }),

  tellLearners: defineAction({
    accept: 'form',
    input: learners.tellLearnersInput,
    handler: (input, context) => runAction(context, () => learners.tellLearners(requireUser(context), input)),
  }),
};
