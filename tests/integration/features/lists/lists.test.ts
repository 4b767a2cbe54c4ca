import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { readingListItems, readingLists } from '#db/schema/index.ts';
import {
  getListForEditing,
  getListPage,
  listsByOwner,
  listsForSkills,
  myLists,
} from '#features/lists/list-views.service.ts';
import {
  addItem,
  copyList,
  createList as createListService,
  deleteList,
  moveItem,
  removeItem,
  reorderItems,
  saveList,
  unsaveList,
  updateItem,
  updateList,
} from '#features/lists/lists.service.ts';
import { createList, createMember, skillIdByName } from '#tests/helpers/factories.ts';
import { as } from '../requests/helpers.ts';

const order = async (listId: string) =>
  (
    await getDb()
      .select()
      .from(readingListItems)
      .where(eq(readingListItems.listId, listId))
      .orderBy(readingListItems.position)
  ).map((i) => i.id);
const item = (title: string) => ({
  url: `https://example.org/${encodeURIComponent(title)}`,
  title,
  kind: 'article' as const,
  why: 'Good.',
  minutes: 5,
});

describe('building a reading list', () => {
  it('creates a list with catalogue topics, adds, edits, reorders and removes items', async () => {
    const owner = await createMember();
    const { id, slug } = await createListService(owner, {
      title: 'Rust in a week',
      description: 'Start here.',
      topics: 'rust, Tokio',
    });
    expect(slug).toBe('rust-in-a-week');
    const a = await addItem(owner, id, item('A'));
    const b = await addItem(owner, id, item('B'));
    const c = await addItem(owner, id, item('C'));
    expect(await order(id)).toEqual([a.itemId, b.itemId, c.itemId]);

    await reorderItems(owner, id, [c.itemId, a.itemId, b.itemId]);
    expect(await order(id)).toEqual([c.itemId, a.itemId, b.itemId]);
    await moveItem(owner, id, b.itemId, 'up');
    expect(await order(id)).toEqual([c.itemId, b.itemId, a.itemId]);
    await updateItem(owner, id, a.itemId, { ...item('A, second edition'), minutes: 30 });
    await removeItem(owner, id, c.itemId);
    expect(await order(id)).toEqual([b.itemId, a.itemId]);
    const positions = (await getDb().select().from(readingListItems).where(eq(readingListItems.listId, id)))
      .map((i) => i.position)
      .sort();
    expect(positions).toEqual([0, 1]);

    const page = await getListPage(null, slug);
    expect(page.items.map((i) => i.title)).toEqual(['B', 'A, second edition']);
    expect(page.totalMinutes).toBe(35);
    expect(page.topics.map((t) => t.name)).toEqual(['Rust', 'Tokio']);
  });

  it('refuses a reorder that adds, drops or repeats items, and changes nothing', async () => {
    const owner = await createMember();
    const list = await createList({ owner, items: 3 });
    const [x, y, z] = list.itemIds as [string, string, string];
    await expect(reorderItems(owner, list.id, [x, y])).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(reorderItems(owner, list.id, [x, x, y])).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(reorderItems(owner, list.id, [x, y, 'someone-elses'])).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await order(list.id)).toEqual([x, y, z]);
  });

  it('refuses unknown topics beside the field and saves nothing', async () => {
    const owner = await createMember();
    const error = await createListService(owner, {
      title: 'Whatever',
      description: '',
      topics: 'Rust, Underwater Basketry',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      fields: { topics: expect.stringMatching(/Underwater Basketry/) },
    });
    expect(await getDb().select().from(readingLists).where(eq(readingLists.ownerId, owner.id))).toEqual([]);
  });
});

describe('who may change a list', () => {
  it('lets the owner edit (allow) and answers NOT_FOUND to every other member (deny)', async () => {
    const owner = await createMember();
    const other = await createMember();
    const list = await createList({ owner, items: 2 });
    const edits = [
      () => updateList(other, list.id, { title: 'Mine now', description: '', topics: undefined }),
      () => addItem(other, list.id, item('spam')),
      () => updateItem(other, list.id, list.itemIds[0]!, item('spam')),
      () => removeItem(other, list.id, list.itemIds[0]!),
      () => reorderItems(other, list.id, [...list.itemIds].reverse()),
      () => moveItem(other, list.id, list.itemIds[1]!, 'up'),
      () => deleteList(other, list.id),
      () => getListForEditing(other, list.slug),
    ];
    for (const edit of edits) await expect(edit()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await order(list.id)).toEqual(list.itemIds);

    await updateList(owner, list.id, { title: 'Renamed', description: '', topics: undefined });
    expect((await getListPage(other, list.slug)).list.title).toBe('Renamed');
    await deleteList(owner, list.id);
    await expect(getListPage(other, list.slug)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('hides a members-only owner from visitors but not from members', async () => {
    const owner = await createMember({ visibility: 'members', displayName: 'Private Person' });
    const list = await createList({ owner });
    expect((await getListPage(null, list.slug)).owner).toEqual({ name: 'A community member', href: null, face: null });
    expect((await getListPage(await createMember(), list.slug)).owner).toMatchObject({
      name: 'Private Person',
      href: `/people/${owner.handle}`,
      face: { handle: owner.handle, visibility: 'members' },
    });
  });
});

describe('saving and copying others’ lists', () => {
  it('saves and unsaves someone else’s list, but not one’s own', async () => {
    const owner = await createMember();
    const reader = await createMember();
    const list = await createList({ owner });
    await saveList(reader, list.id);
    await saveList(reader, list.id); // twice is fine
    expect((await getListPage(reader, list.slug)).saved).toBe(true);
    expect((await getListPage(owner, list.slug)).saves).toBe(1);
    expect((await myLists(reader)).saved.map((l) => l.id)).toEqual([list.id]);
    await expect(saveList(owner, list.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await unsaveList(reader, list.id);
    expect((await getListPage(reader, list.slug)).saved).toBe(false);
  });

  it('copies a list with its items and topics into the member’s own, independent of the original', async () => {
    const owner = await createMember();
    const adapter = await createMember();
    const original = await createList({ owner, title: 'Go concurrency', topics: ['Go'], items: 3 });
    const copy = await copyList(adapter, original.id);
    expect(copy.slug).toBe('go-concurrency');
    const page = await getListPage(adapter, copy.slug);
    expect(page.isOwner).toBe(true);
    expect(page.copiedFrom).toEqual({ slug: original.slug, title: 'Go concurrency' });
    expect(page.items.map((i) => i.title)).toEqual((await getListPage(null, original.slug)).items.map((i) => i.title));
    expect(page.topics.map((t) => t.name)).toEqual(['Go']);
    // Adapting the copy leaves the original alone.
    await removeItem(adapter, copy.id, page.items[0]!.id);
    expect(await order(original.id)).toEqual(original.itemIds);
  });
});

describe('where lists appear', () => {
  it('on a profile: newest first up to the limit, and a hidden list only for its owner', async () => {
    const owner = await createMember();
    const [older, newer, hidden] = [
      await createList({ owner }),
      await createList({ owner }),
      await createList({ owner }),
    ];
    const db = getDb();
    await db
      .update(readingLists)
      .set({ updatedAt: new Date(Date.now() - 60_000) })
      .where(eq(readingLists.id, older.id));
    await db.update(readingLists).set({ hiddenAt: new Date() }).where(eq(readingLists.id, hidden.id));
    expect((await listsByOwner(owner.id, null)).map((l) => l.id)).toEqual([newer.id, older.id]);
    expect((await listsByOwner(owner.id, null, 1)).map((l) => l.id)).toEqual([newer.id]);
    const forOwner = (await listsByOwner(owner.id, as(owner))).map((l) => l.id);
    expect(forOwner.sort()).toEqual([older.id, newer.id, hidden.id].sort());
    expect(await listsByOwner((await createMember()).id, null)).toEqual([]);
  });

  it('on their owner’s profile and on topic pages', async () => {
    const owner = await createMember();
    const onTopic = await createList({ owner, topics: ['Elixir'] });
    const offTopic = await createList({ owner, topics: ['Java'] });
    expect((await listsByOwner(owner.id, null)).map((l) => l.id).sort()).toEqual([onTopic.id, offTopic.id].sort());
    const elixir = await skillIdByName('Elixir');
    const forTopic = await listsForSkills([elixir], null);
    expect(forTopic.map((l) => l.id)).toContain(onTopic.id);
    expect(forTopic.map((l) => l.id)).not.toContain(offTopic.id);
  });
});

describe('the list-creation limit', () => {
  it('counts only valid lists: an unknown topic many times over does not use it up', async () => {
    const owner = await createMember();
    for (let i = 0; i < 35; i++) {
      await createListService(owner, { title: 'Typo', description: '', topics: 'a,b,c,d,e,f,g,h,i,j,k,l' }).catch(
        () => undefined,
      ); // too many topics
    }
    await expect(
      createListService(owner, { title: 'Rust reading', description: '', topics: 'rust' }),
    ).resolves.toMatchObject({ slug: expect.any(String) });
  });
});
