import { eq } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { calendarFeeds, users } from '#db/schema/index.ts';

/** When the member's current feed token was made, or undefined if they have none. */
export function findFeedOf(userId: string, db: DbOrTx = getDb()) {
  return db
    .select({ createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
    .get();
}

/** Stores the member's feed token, replacing the one they had (one row per member). */
export async function putFeedToken(
  userId: string,
  tokenId: string,
  secretHash: Uint8Array,
  now: Date,
  db: DbOrTx = getDb(),
): Promise<void> {
  const hash = Buffer.from(secretHash);
  await db
    .insert(calendarFeeds)
    .values({ userId, tokenId, secretHash: hash, createdAt: now })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenId, secretHash: hash, createdAt: now } });
}

/** Deletes the member's feed token; false when they had none. */
export async function deleteFeedOf(userId: string, db: DbOrTx = getDb()): Promise<boolean> {
  const result = await db.delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));
  return result.rowsAffected > 0;
}

/** The feed row of a token id, with its member's name and standing. */
export function findFeedByTokenId(tokenId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      userId: calendarFeeds.userId,
      secretHash: calendarFeeds.secretHash,
      displayName: users.displayName,
      suspendedAt: users.suspendedAt,
      deletionDueAt: users.deletionDueAt,
    })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(eq(calendarFeeds.tokenId, tokenId))
    .get();
}
