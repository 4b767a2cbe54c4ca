import { defineAction } from 'astro:actions';
import { blockInput, blockMember, unblockMember } from '#features/blocks/blocks.service.ts';
import { requireUser, runAction } from './run-action.ts';

export const blockActions = {
  block: defineAction({
    accept: 'form',
    input: blockInput,
    handler: (input, context) => runAction(context, () => blockMember(requireUser(context).id, input.handle)),
  }),
  unblock: defineAction({
    accept: 'form',
    input: blockInput,
    handler: (input, context) => runAction(context, () => unblockMember(requireUser(context).id, input.handle)),
  }),
};
