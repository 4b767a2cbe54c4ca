import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { inJsonList, jsonList, reusable } from '#db/reusable.ts';
import {
  type FollowItemType,
  followAnnouncements,
  memberFollows,
  profiles,
  skills,
  topicFollows,
  users,
} from '#db/schema/index.ts';

export async function followTopic(userId: string, skillId: number, now: Date, db: DbOrTx = getDb()): Promise<void> {
  await db.insert(topicFollows).values({ userId, skillId, createdAt: now }).onConflictDoNothing();
}

export async function unfollowTopic(userId: string, skillId: number, db: DbOrTx = getDb()): Promise<void> {
  await db.delete(topicFollows).where(and(eq(topicFollows.userId, userId), eq(topicFollows.skillId, skillId)));
}

export async function followMember(userId: string, followedId: string, now: Date, db: DbOrTx = getDb()) {
  await db.insert(memberFollows).values({ userId, followedId, createdAt: now }).onConflictDoNothing();
}

export async function unfollowMember(userId: string, followedId: string, db: DbOrTx = getDb()): Promise<void> {
  await db.delete(memberFollows).where(and(eq(memberFollows.userId, userId), eq(memberFollows.followedId, followedId)));
}

export async function followsTopic(userId: string, skillId: number, db: DbOrTx = getDb()): Promise<boolean> {
  const row = await db
    .select({ skillId: topicFollows.skillId })
    .from(topicFollows)
    .where(and(eq(topicFollows.userId, userId), eq(topicFollows.skillId, skillId)))
    .get();
  return row !== undefined;
}

const followedOf = reusable((db) =>
  db
    .select({ skillId: topicFollows.skillId })
    .from(topicFollows)
    .where(and(eq(topicFollows.userId, sql.placeholder('userId')), inJsonList(topicFollows.skillId, 'skillIds')))
    .prepare(),
);

/** Which of these skills the member follows. */
export async function followedAmong(userId: string, skillIds: number[], db: DbOrTx = getDb()): Promise<Set<number>> {
  if (skillIds.length === 0) return new Set();
  const rows = await followedOf(db).all({ userId, skillIds: jsonList(skillIds) });
  return new Set(rows.map((r) => r.skillId));
}

const followOf = reusable((db) =>
  db
    .select({ followedId: memberFollows.followedId })
    .from(memberFollows)
    .where(
      and(
        eq(memberFollows.userId, sql.placeholder('userId')),
        eq(memberFollows.followedId, sql.placeholder('followedId')),
      ),
    )
    .prepare(),
);

export async function followsMember(userId: string, followedId: string, db: DbOrTx = getDb()): Promise<boolean> {
  return (await followOf(db).get({ userId, followedId })) !== undefined;
}

export async function topicFollowerCount(skillId: number, db: DbOrTx = getDb()): Promise<number> {
  const row = await db.select({ n: count() }).from(topicFollows).where(eq(topicFollows.skillId, skillId)).get();
  return row?.n ?? 0;
}

/** The topics a member follows, by name. */
export function topicsFollowedBy(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ id: skills.id, slug: skills.slug, name: skills.name, since: topicFollows.createdAt })
    .from(topicFollows)
    .innerJoin(skills, eq(skills.id, topicFollows.skillId))
    .where(eq(topicFollows.userId, userId))
    .orderBy(asc(skills.name));
}

/** The members a member follows, with what the rules need to decide whom they may still see. */
export function membersFollowedBy(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      id: users.id,
      handle: users.handle,
      displayName: users.displayName,
      visibility: profiles.visibility,
      suspendedAt: users.suspendedAt,
      deletionDueAt: users.deletionDueAt,
      hiddenAt: profiles.hiddenAt,
      avatarKey: profiles.avatarKey,
      since: memberFollows.createdAt,
    })
    .from(memberFollows)
    .innerJoin(users, eq(users.id, memberFollows.followedId))
    .innerJoin(profiles, eq(profiles.userId, memberFollows.followedId))
    .where(eq(memberFollows.userId, userId))
    .orderBy(asc(users.displayName));
}

/** Members following any of these topics: follower id → the first followed topic found (to say why). */
export async function topicFollowers(skillIds: number[], db: DbOrTx = getDb()): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (skillIds.length === 0) return out;
  const rows = await db
    .select({ userId: topicFollows.userId, skillId: topicFollows.skillId })
    .from(topicFollows)
    .where(inArray(topicFollows.skillId, skillIds));
  // Keep the topic that comes first on the item, so the reason names its main topic.
  const rank = new Map(skillIds.map((id, i) => [id, i]));
  for (const r of rows) {
    const seen = out.get(r.userId);
    if (seen === undefined || rank.get(r.skillId)! < rank.get(seen)!) out.set(r.userId, r.skillId);
  }
  return out;
}

export async function memberFollowers(followedId: string, db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db
    .select({ userId: memberFollows.userId })
    .from(memberFollows)
    .where(eq(memberFollows.followedId, followedId));
  return rows.map((r) => r.userId);
}

/** Claims the one announcement of an item: false when it was announced before (or by a parallel request). */
export async function claimAnnouncement(type: FollowItemType, id: string, now: Date, db: DbOrTx): Promise<boolean> {
  const result = await db
    .insert(followAnnouncements)
    .values({ itemType: type, itemId: id, reached: 0, announcedAt: now })
    .onConflictDoNothing();
  return result.rowsAffected === 1;
}

export async function setReached(type: FollowItemType, id: string, reached: number, db: DbOrTx): Promise<void> {
  await db
    .update(followAnnouncements)
    .set({ reached })
    .where(and(eq(followAnnouncements.itemType, type), eq(followAnnouncements.itemId, id)));
}

export function findAnnouncement(type: FollowItemType, id: string, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(followAnnouncements)
    .where(and(eq(followAnnouncements.itemType, type), eq(followAnnouncements.itemId, id)))
    .get();
}
