import { defineAction } from 'astro:actions';
import { dismissRequestReports } from '#features/moderation/actions.service.ts';
import { createRequest } from '#features/requests/asking/ask.service.ts';
import * as lifecycle from '#features/requests/lifecycle/lifecycle.service.ts';
import * as outcomes from '#features/requests/outcomes/outcomes.service.ts';
import { writeRetrospective } from '#features/requests/outcomes/retrospective.service.ts';
import { retrospectiveInput } from '#features/requests/outcomes/retrospective.ts';
import * as plan from '#features/requests/plan/plan.service.ts';
import { planItemInput, planToggleInput } from '#features/requests/plan/plan.ts';
import {
  acceptInput,
  askDetailsInput,
  closeInput,
  createRequestInput,
  declineInput,
  feedbackInput,
  idInput,
  messageInput,
  resolveReportsInput,
} from '#features/requests/requests.ts';
import * as thread from '#features/requests/thread/thread.service.ts';
import { requireUser, runAction } from './run-action.ts';

/** Mentoring requests: every handler is one service call for the signed-in member. */
export const requestActions = {
  create: defineAction({
    accept: 'form',
    input: createRequestInput,
    handler: (input, context) => runAction(context, () => createRequest(requireUser(context), input)),
  }),
  /** Accept a direct request, or pick up an open call (the service tells which). */
  accept: defineAction({
    accept: 'form',
    input: acceptInput,
    handler: (input, context) =>
      runAction(context, () => lifecycle.acceptRequest(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
  decline: defineAction({
    accept: 'form',
    input: declineInput,
    handler: (input, context) =>
      runAction(context, () => lifecycle.declineRequest(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
  askDetails: defineAction({
    accept: 'form',
    input: askDetailsInput,
    handler: (input, context) =>
      runAction(context, () => thread.askForDetails(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
  withdraw: defineAction({
    accept: 'form',
    input: idInput,
    handler: (input, context) =>
      runAction(context, () => lifecycle.withdrawRequest(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
  cancel: defineAction({
    accept: 'form',
    input: closeInput,
    handler: (input, context) =>
      runAction(context, () => lifecycle.cancelRequest(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
  complete: defineAction({
    accept: 'form',
    input: idInput,
    handler: (input, context) =>
      runAction(context, () => lifecycle.completeRequest(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
  message: defineAction({
    accept: 'form',
    input: messageInput,
    handler: (input, context) =>
      runAction(context, () => thread.postMessage(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
  feedback: defineAction({
    accept: 'form',
    input: feedbackInput,
    handler: (input, context) =>
      runAction(context, () => outcomes.leaveFeedback(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
  endorse: defineAction({
    accept: 'form',
    input: idInput,
    handler: (input, context) =>
      runAction(context, () => outcomes.endorseHelper(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
  addPlanItem: defineAction({
    accept: 'form',
    input: planItemInput,
    handler: (input, context) =>
      runAction(context, () => plan.addPlanItem(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
  togglePlanItem: defineAction({
    accept: 'form',
    input: planToggleInput,
    handler: (input, context) =>
      runAction(context, () => plan.togglePlanItem(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
  /** A moderator closes the open reports on a request from its page (the moderation feature decides). */
  resolveReports: defineAction({
    accept: 'form',
    input: resolveReportsInput,
    handler: (input, context) =>
      runAction(context, () => dismissRequestReports(requireUser(context), input).then(() => ({ id: input.id }))),
  }),

  retrospective: defineAction({
    accept: 'form',
    input: retrospectiveInput,
    handler: (input, context) =>
      runAction(context, () => writeRetrospective(requireUser(context), input).then(() => ({ id: input.id }))),
  }),
};
