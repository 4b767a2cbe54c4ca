import { defineAction } from 'astro:actions';
import * as follows from '#features/follows/follows.service.ts';
import { requireUser, runAction } from './run-action.ts';

/** Following topics and members: each handler is one service call for the signed-in member. */
export const followActions = {
  followTopic: defineAction({
    accept: 'form',
    input: follows.topicRefInput,
    handler: (input, context) => runAction(context, () => follows.followTopic(requireUser(context), input)),
  }),
  unfollowTopic: defineAction({
    accept: 'form',
    input: follows.topicRefInput,
    handler: (input, context) => runAction(context, () => follows.unfollowTopic(requireUser(context), input)),
  }),
  followMember: defineAction({
    accept: 'form',
    input: follows.memberRefInput,
    handler: (input, context) => runAction(context, () => follows.followMember(requireUser(context), input)),
  }),
  unfollowMember: defineAction({
    accept: 'form',
    input: follows.memberRefInput,
    handler: (input, context) => runAction(context, () => follows.unfollowMember(requireUser(context), input)),
  }),
};
