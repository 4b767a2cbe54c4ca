import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { reusable } from '#db/reusable.ts';
import {
  MAX_LIST_ITEMS,
  profiles,
  readingListItems,
  readingListSaves,
  readingLists,
  readingListTopics,
  skills,
  users,
} from '#db/schema/index.ts';
import { listedListCondition } from './list-visibility.ts';

export type ListRow = typeof readingLists.$inferSelect;
export type ItemRow = typeof readingListItems.$inferSelect;

export interface ListTopic {
  id: number;
  slug: string;
  name: string;
}

export function findListBySlug(slug: string, db: DbOrTx = getDb()): Promise<ListRow | undefined> {
  return db.select().from(readingLists).where(eq(readingLists.slug, slug)).get();
}

export function findListById(id: string, db: DbOrTx = getDb()): Promise<ListRow | undefined> {
  return db.select().from(readingLists).where(eq(readingLists.id, id)).get();
}

export async function slugTaken(slug: string, db: DbOrTx = getDb()): Promise<boolean> {
  return (
    (await db.select({ id: readingLists.id }).from(readingLists).where(eq(readingLists.slug, slug)).get()) !== undefined
  );
}

export async function insertList(row: typeof readingLists.$inferInsert, db: DbOrTx): Promise<void> {
  await db.insert(readingLists).values(row);
}

export async function touchList(
  id: string,
  set: Partial<typeof readingLists.$inferInsert>,
  now: Date,
  db: DbOrTx,
): Promise<void> {
  await db
    .update(readingLists)
    .set({ ...set, updatedAt: now })
    .where(eq(readingLists.id, id));
}

export async function deleteList(id: string, db: DbOrTx): Promise<void> {
  await db.delete(readingLists).where(eq(readingLists.id, id));
}

export async function replaceTopics(listId: string, skillIds: number[], db: DbOrTx): Promise<void> {
  await db.delete(readingListTopics).where(eq(readingListTopics.listId, listId));
  if (skillIds.length > 0) {
    await db.insert(readingListTopics).values(skillIds.map((skillId, position) => ({ listId, skillId, position })));
  }
}

export async function topicsFor(listIds: string[], db: DbOrTx = getDb()): Promise<Map<string, ListTopic[]>> {
  const result = new Map<string, ListTopic[]>();
  if (listIds.length === 0) return result;
  const rows = await db
    .select({ listId: readingListTopics.listId, id: skills.id, slug: skills.slug, name: skills.name })
    .from(readingListTopics)
    .innerJoin(skills, eq(skills.id, readingListTopics.skillId))
    .where(inArray(readingListTopics.listId, listIds))
    .orderBy(asc(readingListTopics.position));
  for (const { listId, ...topic } of rows) result.set(listId, [...(result.get(listId) ?? []), topic]);
  return result;
}

export function items(listId: string, db: DbOrTx = getDb()): Promise<ItemRow[]> {
  return db
    .select()
    .from(readingListItems)
    .where(eq(readingListItems.listId, listId))
    .orderBy(asc(readingListItems.position));
}

export async function itemsFor(listIds: string[], db: DbOrTx = getDb()): Promise<Map<string, ItemRow[]>> {
  const result = new Map<string, ItemRow[]>();
  if (listIds.length === 0) return result;
  const rows = await db
    .select()
    .from(readingListItems)
    .where(inArray(readingListItems.listId, listIds))
    .orderBy(asc(readingListItems.position));
  for (const row of rows) result.set(row.listId, [...(result.get(row.listId) ?? []), row]);
  return result;
}

/**
 * Appends an item only while the list has fewer than MAX_LIST_ITEMS: the count and
 * the insert are one statement, so two additions at once cannot make a 13th item.
 */
export async function appendItem(row: Omit<ItemRow, 'position'>, db: DbOrTx): Promise<boolean> {
  const itemCount = sql`(SELECT count(*) FROM ${readingListItems} WHERE ${readingListItems.listId} = ${row.listId})`;
  const result = await db.run(sql`
    INSERT INTO ${readingListItems} (id, list_id, position, url, title, kind, why, minutes, created_at)
    SELECT ${row.id}, ${row.listId}, ${itemCount}, ${row.url}, ${row.title}, ${row.kind}, ${row.why}, ${row.minutes},
      ${row.createdAt.getTime()}
    WHERE ${itemCount} < ${MAX_LIST_ITEMS}`);
  return result.rowsAffected === 1;
}

export async function updateItem(listId: string, itemId: string, set: Partial<ItemRow>, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(readingListItems)
    .set(set)
    .where(and(eq(readingListItems.listId, listId), eq(readingListItems.id, itemId)));
  return result.rowsAffected === 1;
}

export async function removeItem(listId: string, itemId: string, db: DbOrTx): Promise<boolean> {
  const result = await db
    .delete(readingListItems)
    .where(and(eq(readingListItems.listId, listId), eq(readingListItems.id, itemId)));
  return result.rowsAffected === 1;
}

/** Rewrites positions 0…n-1 in the given order. */
export async function setOrder(listId: string, orderedIds: string[], db: DbOrTx): Promise<void> {
  for (const [position, id] of orderedIds.entries()) {
    await db
      .update(readingListItems)
      .set({ position })
      .where(and(eq(readingListItems.listId, listId), eq(readingListItems.id, id)));
  }
}

export async function insertItems(rows: ItemRow[], db: DbOrTx): Promise<void> {
  if (rows.length > 0) await db.insert(readingListItems).values(rows);
}

export async function save(userId: string, listId: string, now: Date, db: DbOrTx = getDb()): Promise<void> {
  await db.insert(readingListSaves).values({ userId, listId, createdAt: now }).onConflictDoNothing();
}

export async function unsave(userId: string, listId: string, db: DbOrTx = getDb()): Promise<void> {
  await db
    .delete(readingListSaves)
    .where(and(eq(readingListSaves.userId, userId), eq(readingListSaves.listId, listId)));
}

export async function isSaved(userId: string, listId: string, db: DbOrTx = getDb()): Promise<boolean> {
  const row = await db
    .select({ listId: readingListSaves.listId })
    .from(readingListSaves)
    .where(and(eq(readingListSaves.userId, userId), eq(readingListSaves.listId, listId)))
    .get();
  return row !== undefined;
}

export async function saveCounts(listIds: string[], db: DbOrTx = getDb()): Promise<Map<string, number>> {
  if (listIds.length === 0) return new Map();
  const rows = await db
    .select({ listId: readingListSaves.listId, n: count() })
    .from(readingListSaves)
    .where(inArray(readingListSaves.listId, listIds))
    .groupBy(readingListSaves.listId);
  return new Map(rows.map((r) => [r.listId, r.n]));
}

/** Lists with their owners' names, profile visibility and standing (what `personRef` and `canViewList` read). */
function withOwner(db: DbOrTx) {
  return db
    .select({
      list: readingLists,
      ownerHandle: users.handle,
      ownerName: users.displayName,
      ownerVisibility: profiles.visibility,
      ownerAvatarKey: profiles.avatarKey,
      ownerHiddenAt: profiles.hiddenAt,
      ownerSuspendedAt: users.suspendedAt,
      ownerDeletionDueAt: users.deletionDueAt,
    })
    .from(readingLists)
    .innerJoin(users, eq(users.id, readingLists.ownerId))
    .innerJoin(profiles, eq(profiles.userId, readingLists.ownerId));
}
export type ListWithOwner = Awaited<ReturnType<ReturnType<typeof withOwner>['all']>>[number];

/** Lists by id with their owners, whoever may see them (the service decides). */
export function listsWithOwnerByIds(ids: string[], db: DbOrTx = getDb()): Promise<ListWithOwner[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return withOwner(db).where(inArray(readingLists.id, ids));
}

/** The lists among `ids` that may be listed (search results, search documents). */
export function listedWithOwnerByIds(ids: string[], db: DbOrTx = getDb()): Promise<ListWithOwner[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return withOwner(db).where(and(inArray(readingLists.id, ids), listedListCondition()));
}

function ownerLists(listedOnly: boolean) {
  return reusable((db) => {
    const mine = eq(readingLists.ownerId, sql.placeholder('ownerId'));
    return withOwner(db)
      .where(listedOnly ? and(mine, listedListCondition()) : mine)
      .orderBy(desc(readingLists.updatedAt))
      .limit(sql.placeholder('limit'))
      .prepare();
  });
}
const allOwnerLists = ownerLists(false);
const listedOwnerLists = ownerLists(true);

/** A member's lists, newest first: all of them for the owner, the listed ones for anyone else. */
export function listsByOwner(
  ownerId: string,
  limit: number,
  opts: { includeHidden: boolean },
  db: DbOrTx = getDb(),
): Promise<ListWithOwner[]> {
  return (opts.includeHidden ? allOwnerLists : listedOwnerLists)(db).all({ ownerId, limit });
}

/** Lists a member saved that may still be listed, most recently saved first. */
export function savedBy(userId: string, db: DbOrTx = getDb()): Promise<ListWithOwner[]> {
  return withOwner(db)
    .innerJoin(readingListSaves, and(eq(readingListSaves.listId, readingLists.id), eq(readingListSaves.userId, userId)))
    .where(listedListCondition())
    .orderBy(desc(readingListSaves.createdAt));
}

function onTopics(skillIds: number[], db: DbOrTx): SQL {
  return inArray(
    readingLists.id,
    db
      .select({ id: readingListTopics.listId })
      .from(readingListTopics)
      .where(inArray(readingListTopics.skillId, skillIds)),
  );
}

/** Lists on any of these topics, most recently updated first. */
export function listsForSkills(skillIds: number[], limit: number, db: DbOrTx = getDb()): Promise<ListWithOwner[]> {
  if (skillIds.length === 0) return Promise.resolve([]);
  return withOwner(db)
    .where(and(onTopics(skillIds, db), listedListCondition()))
    .orderBy(desc(readingLists.updatedAt))
    .limit(limit);
}

/** A page of lists (optionally on some topics), most recently updated first. */
export async function browse(
  filters: { skillIds?: number[] },
  page: { limit: number; offset: number },
  db: DbOrTx = getDb(),
) {
  const where = and(listedListCondition(), filters.skillIds?.length ? onTopics(filters.skillIds, db) : undefined);
  const [rows, total] = await Promise.all([
    withOwner(db)
      .where(where)
      .orderBy(desc(readingLists.updatedAt), asc(readingLists.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(readingLists).where(where).get(),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Topics lists carry, with counts, for the filter. */
export function topicCounts(db: DbOrTx = getDb()) {
  return db
    .select({ slug: skills.slug, name: skills.name, n: count() })
    .from(readingListTopics)
    .innerJoin(skills, eq(skills.id, readingListTopics.skillId))
    .innerJoin(readingLists, eq(readingLists.id, readingListTopics.listId))
    .where(listedListCondition())
    .groupBy(skills.id)
    .orderBy(desc(count()), asc(skills.name));
}

/** Every listed list's id in batches, for a full search reindex. */
export async function* allListIds(batchSize = 500, db: DbOrTx = getDb()): AsyncIterable<string[]> {
  let after = '';
  for (;;) {
    const rows = await db
      .select({ id: readingLists.id })
      .from(readingLists)
      .where(and(gt(readingLists.id, after), listedListCondition()))
      .orderBy(asc(readingLists.id))
      .limit(batchSize);
    if (rows.length === 0) return;
    yield rows.map((r) => r.id);
    after = rows[rows.length - 1]!.id;
  }
}

/** Ids of every list a member owns. */
export async function idsOwnedBy(ownerId: string, db: DbOrTx = getDb()): Promise<string[]> {
  return (await db.select({ id: readingLists.id }).from(readingLists).where(eq(readingLists.ownerId, ownerId))).map(
    (r) => r.id,
  );
}

/** Sets or clears a moderator's hiding of a list; false when there is no such list. */
export async function setHidden(id: string, hiddenAt: Date | null, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(readingLists)
    .set({ hiddenAt })
    // Conditional, so two moderators acting at once cannot both hide (or restore) it.
    .where(and(eq(readingLists.id, id), hiddenAt ? isNull(readingLists.hiddenAt) : isNotNull(readingLists.hiddenAt)));
  return result.rowsAffected === 1;
}
