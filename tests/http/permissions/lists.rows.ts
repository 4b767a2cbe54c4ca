import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { events, readingListItems, readingListSaves, readingLists } from '#db/schema/index.ts';
import { createEvent, createList } from '#tests/helpers/factories.ts';
import { type ActionRow, type Actor, only, ownerFor, type PageRow, type World } from './matrix.ts';

/** Reading lists: the owner edits their list; any member saves or copies someone else's. */

const SELF = only(['member', 'owner', 'moderator', 'admin']);
const OWNER = only(['owner']);
const listOf = (world: World, actor: Actor) => createList({ owner: ownerFor(world, actor), items: 3 }, world.db);
const memberOf = (world: World, actor: Actor) => world.members[actor as Exclude<Actor, 'visitor'>];
const itemForm = {
  url: 'https://example.org/matrix',
  title: 'Matrix reading',
  kind: 'article',
  why: 'Clear.',
  minutes: '10',
};
const titleOf = async (world: World, id: string) =>
  (await world.db.select().from(readingLists).where(eq(readingLists.id, id)).get())?.title;
const field = (fields: unknown, name: string) => (fields as Record<string, string>)[name]!;

export const rows: ActionRow[] = [
  {
    action: 'lists.create',
    expect: SELF,
    fields: (_world, actor) => ({ title: `Reading for the ${actor}`, description: '', topics: 'Elixir' }),
    effect: async (world, actor) => {
      const row = await world.db
        .select()
        .from(readingLists)
        .where(eq(readingLists.title, `Reading for the ${actor}`))
        .get();
      expect(row?.ownerId).toBe(memberOf(world, actor).id);
    },
  },
  {
    action: 'lists.update',
    expect: OWNER,
    fields: async (world, actor) => ({ listId: (await listOf(world, actor)).id, title: `Renamed by ${actor}` }),
    effect: async (world, _actor, fields) =>
      expect(await titleOf(world, field(fields, 'listId'))).toBe('Renamed by owner'),
  },
  {
    action: 'lists.delete',
    expect: OWNER,
    fields: async (world, actor) => ({ listId: (await listOf(world, actor)).id }),
    effect: async (world, _actor, fields) => expect(await titleOf(world, field(fields, 'listId'))).toBeUndefined(),
  },
  {
    action: 'lists.addItem',
    expect: OWNER,
    fields: async (world, actor) => ({ listId: (await listOf(world, actor)).id, ...itemForm }),
    effect: async (world, _actor, fields) => {
      const items = await world.db
        .select()
        .from(readingListItems)
        .where(eq(readingListItems.listId, field(fields, 'listId')));
      expect(items).toHaveLength(4);
    },
  },
  {
    action: 'lists.updateItem',
    expect: OWNER,
    fields: async (world, actor) => {
      const list = await listOf(world, actor);
      return { listId: list.id, itemId: list.itemIds[0]!, ...itemForm };
    },
  },
  {
    action: 'lists.removeItem',
    expect: OWNER,
    fields: async (world, actor) => {
      const list = await listOf(world, actor);
      return { listId: list.id, itemId: list.itemIds[0]! };
    },
    effect: async (world, _actor, fields) => {
      const gone = await world.db
        .select()
        .from(readingListItems)
        .where(eq(readingListItems.id, field(fields, 'itemId')))
        .get();
      expect(gone).toBeUndefined();
    },
  },
  {
    action: 'lists.moveItem',
    expect: OWNER,
    fields: async (world, actor) => {
      const list = await listOf(world, actor);
      return { listId: list.id, itemId: list.itemIds[0]!, direction: 'down' };
    },
  },
  {
    action: 'lists.reorderItems',
    expect: OWNER,
    fields: async (world, actor) => {
      const list = await listOf(world, actor);
      return { json: { listId: list.id, itemIds: [...list.itemIds].reverse() } };
    },
  },
  {
    action: 'lists.save',
    // Saving is for other people's lists: the owner is told it is already theirs.
    expect: only(['member', 'moderator', 'admin'], { owner: 409 }),
    fields: async (world) => ({ listId: (await listOf(world, 'owner')).id }),
    effect: async (world, actor, fields) => {
      const row = await world.db
        .select()
        .from(readingListSaves)
        .where(
          and(
            eq(readingListSaves.listId, field(fields, 'listId')),
            eq(readingListSaves.userId, memberOf(world, actor).id),
          ),
        )
        .get();
      expect(row, actor).toBeDefined();
    },
  },
  {
    action: 'lists.unsave',
    expect: SELF,
    fields: async (world, actor) => {
      const list = await listOf(world, 'owner');
      if (actor !== 'visitor' && actor !== 'owner')
        await world.db.insert(readingListSaves).values({ listId: list.id, userId: memberOf(world, actor).id });
      return { listId: list.id };
    },
  },
  {
    action: 'lists.copy',
    expect: SELF,
    fields: async (world) => ({ listId: (await listOf(world, 'owner')).id }),
  },
  {
    action: 'lists.attachToEvent',
    // The event's organiser attaches a list to it; nobody else can.
    expect: OWNER,
    fields: async (world, actor) => {
      const event = await createEvent({ organizer: ownerFor(world, actor) }, world.db);
      return { eventId: event.id, listId: (await listOf(world, actor)).id };
    },
    effect: async (world, _actor, fields) => {
      const row = await world.db
        .select()
        .from(events)
        .where(eq(events.id, field(fields, 'eventId')))
        .get();
      expect(row!.readingListId).toBe(field(fields, 'listId'));
    },
  },
];

export const pages: PageRow[] = [
  {
    page: '/lists/[slug]/edit',
    expect: { visitor: 'signin', member: 404, owner: 200, moderator: 404, admin: 404, suspended: 'notice' },
    path: async (world, actor) => `/lists/${(await listOf(world, actor)).slug}/edit`,
  },
  {
    page: '/lists/new',
    expect: { visitor: 'signin', member: 200, owner: 200, moderator: 200, admin: 200, suspended: 'notice' },
    path: () => '/lists/new',
  },
];
