import { defineAction } from 'astro:actions';
import * as sessions from '#features/requests/sessions/mentoring-sessions.service.ts';
import {
  answerMoveInput,
  answerSessionInput,
  cancelSessionInput,
  proposeSessionInput,
  rescheduleSessionInput,
} from '#features/requests/sessions/session-inputs.ts';
import { requireUser, runAction } from './run-action.ts';

/** Sessions of an accepted request: propose, answer, move and cancel one, for either participant. */
export const sessionActions = {
  propose: defineAction({
    accept: 'form',
    input: proposeSessionInput,
    handler: (input, context) => runAction(context, () => sessions.proposeSession(requireUser(context), input)),
  }),
  answer: defineAction({
    accept: 'form',
    input: answerSessionInput,
    handler: (input, context) => runAction(context, () => sessions.answerSession(requireUser(context), input)),
  }),
  reschedule: defineAction({
    accept: 'form',
    input: rescheduleSessionInput,
    handler: (input, context) => runAction(context, () => sessions.rescheduleSession(requireUser(context), input)),
  }),
  answerMove: defineAction({
    accept: 'form',
    input: answerMoveInput,
    handler: (input, context) => runAction(context, () => sessions.answerMove(requireUser(context), input)),
  }),
  cancel: defineAction({
    accept: 'form',
    input: cancelSessionInput,
    handler: (input, context) => runAction(context, () => sessions.cancelSession(requireUser(context), input)),
  }),
};
