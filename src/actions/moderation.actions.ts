import { defineAction } from 'astro:actions';
import * as moderation from '#features/moderation/actions.service.ts';
import * as appeals from '#features/moderation/appeals.service.ts';
import {
  answerAppealInput,
  appealInput,
  caseActionInput,
  memberActionInput,
  reportInput,
  roleInput,
  suspendInput,
} from '#features/moderation/moderation.ts';
import { fileReport } from '#features/moderation/report.service.ts';
import { changeModerator } from '#features/moderation/roles.service.ts';
import { requireUser, runAction } from './run-action.ts';

const memberWithCase = memberActionInput.extend({ reportId: suspendInput.shape.reportId });

/** Reports, moderation actions, appeals and roles: each one service call, which checks who may. */
export const moderationActions = {
  report: defineAction({
    accept: 'form',
    input: reportInput,
    handler: (input, context) => runAction(context, () => fileReport(requireUser(context), input)),
  }),
  dismiss: defineAction({
    accept: 'form',
    input: caseActionInput,
    handler: (input, context) =>
      runAction(context, () => moderation.dismissCase(requireUser(context), input).then(() => ({ done: true }))),
  }),
  hide: defineAction({
    accept: 'form',
    input: caseActionInput,
    handler: (input, context) =>
      runAction(context, () => moderation.hideSubject(requireUser(context), input).then(() => ({ done: true }))),
  }),
  restore: defineAction({
    accept: 'form',
    input: caseActionInput,
    handler: (input, context) =>
      runAction(context, () => moderation.restoreSubject(requireUser(context), input).then(() => ({ done: true }))),
  }),
  warn: defineAction({
    accept: 'form',
    input: memberWithCase,
    handler: (input, context) =>
      runAction(context, () => moderation.warnMember(requireUser(context), input).then(() => ({ done: true }))),
  }),
  suspend: defineAction({
    accept: 'form',
    input: suspendInput,
    handler: (input, context) => runAction(context, () => moderation.suspendMember(requireUser(context), input)),
  }),
  lift: defineAction({
    accept: 'form',
    input: memberActionInput,
    handler: (input, context) =>
      runAction(context, () => moderation.liftSuspension(requireUser(context), input).then(() => ({ done: true }))),
  }),
  appeal: defineAction({
    accept: 'form',
    input: appealInput,
    handler: (input, context) =>
      runAction(context, () => appeals.fileAppeal(requireUser(context), input).then(() => ({ done: true }))),
  }),
  rejectAppeal: defineAction({
    accept: 'form',
    input: answerAppealInput,
    handler: (input, context) =>
      runAction(context, () => appeals.rejectAppeal(requireUser(context), input).then(() => ({ done: true }))),
  }),
  grantAppeal: defineAction({
    accept: 'form',
    input: answerAppealInput,
    handler: (input, context) =>
      runAction(context, () => appeals.grantAppeal(requireUser(context), input).then(() => ({ done: true }))),
  }),
  appointModerator: defineAction({
    accept: 'form',
    input: roleInput,
    handler: (input, context) =>
      runAction(context, () => changeModerator(requireUser(context), { ...input, moderator: true })),
  }),
  removeModerator: defineAction({
    accept: 'form',
    input: roleInput,
    handler: (input, context) =>
      runAction(context, () => changeModerator(requireUser(context), { ...input, moderator: false })),
  }),
};
