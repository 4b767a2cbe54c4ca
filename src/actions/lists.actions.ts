import { defineAction } from 'astro:actions';
import { z } from 'zod';
import { attachReadingList } from '#features/events/events.service.ts';
import * as lists from '#features/lists/lists.service.ts';
import { itemInput, listInput } from '#features/lists/lists.ts';
import { requireUser, runAction } from './run-action.ts';

const id = z.string().max(40);
const listRef = z.object({ listId: id });
const itemRef = z.object({ listId: id, itemId: id });

export const listActions = {
  create: defineAction({
    accept: 'form',
    input: listInput,
    handler: (input, context) => runAction(context, () => lists.createList(requireUser(context), input)),
  }),

  update: defineAction({
    accept: 'form',
    input: listInput.extend(listRef.shape),
    handler: ({ listId, ...input }, context) =>
      runAction(context, () => lists.updateList(requireUser(context), listId, input)),
  }),

  delete: defineAction({
    accept: 'form',
    input: listRef,
    handler: (input, context) =>
      runAction(context, async () => {
        await lists.deleteList(requireUser(context), input.listId);
        return { deleted: true };
      }),
  }),

  addItem: defineAction({
    accept: 'form',
    input: itemInput.extend(listRef.shape),
    handler: ({ listId, ...input }, context) =>
      runAction(context, () => lists.addItem(requireUser(context), listId, input)),
  }),

  updateItem: defineAction({
    accept: 'form',
    input: itemInput.extend(itemRef.shape),
    handler: ({ listId, itemId, ...input }, context) =>
      runAction(context, () => lists.updateItem(requireUser(context), listId, itemId, input)),
  }),

  removeItem: defineAction({
    accept: 'form',
    input: itemRef,
    handler: (input, context) =>
      runAction(context, () => lists.removeItem(requireUser(context), input.listId, input.itemId)),
  }),

  /** The no-JavaScript way to reorder: one step up or down. */
  moveItem: defineAction({
    accept: 'form',
    input: itemRef.extend({ direction: z.enum(['up', 'down']) }),
    handler: (input, context) =>
      runAction(context, () => lists.moveItem(requireUser(context), input.listId, input.itemId, input.direction)),
  }),

  /** The reorder island saves the whole order at once. */
  reorderItems: defineAction({
    input: listRef.extend({ itemIds: z.array(id).max(50) }),
    handler: (input, context) =>
      runAction(context, () => lists.reorderItems(requireUser(context), input.listId, input.itemIds)),
  }),

  save: defineAction({
    accept: 'form',
    input: listRef,
    handler: (input, context) => runAction(context, () => lists.saveList(requireUser(context), input.listId)),
  }),

  unsave: defineAction({
    accept: 'form',
    input: listRef,
    handler: (input, context) => runAction(context, () => lists.unsaveList(requireUser(context), input.listId)),
  }),

  copy: defineAction({
    accept: 'form',
    input: listRef,
    handler: (input, context) => runAction(context, () => lists.copyList(requireUser(context), input.listId)),
  }),

  attachToEvent: defineAction({
    accept: 'form',
    input: listRef.extend({ eventId: z.string({ error: 'Choose an event.' }).max(40) }),
    handler: (input, context) =>
      runAction(context, () => attachReadingList(requireUser(context), input.eventId, input.listId)),
  }),
};
