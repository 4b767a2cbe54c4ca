import { and, desc, eq } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { memberBlocks, users } from '#db/schema/index.ts';

/** Records a block; blocking someone twice is one block. Returns false if it already existed. */
export async function insertBlock(blockerId: string, blockedId: string, now: Date, db: DbOrTx): Promise<boolean> {
  const result = await db.insert(memberBlocks).values({ blockerId, blockedId, createdAt: now }).onConflictDoNothing();
  return result.rowsAffected === 1;
}

export async function deleteBlock(blockerId: string, blockedId: string, db: DbOrTx = getDb()): Promise<boolean> {
  const result = await db
    .delete(memberBlocks)
    .where(and(eq(memberBlocks.blockerId, blockerId), eq(memberBlocks.blockedId, blockedId)));
  return result.rowsAffected > 0;
}

/** The members someone blocked, most recent first. */
export function listBlockedBy(blockerId: string, db: DbOrTx = getDb()) {
  return db
    .select({ id: users.id, handle: users.handle, displayName: users.displayName, blockedAt: memberBlocks.createdAt })
    .from(memberBlocks)
    .innerJoin(users, eq(users.id, memberBlocks.blockedId))
    .where(eq(memberBlocks.blockerId, blockerId))
    .orderBy(desc(memberBlocks.createdAt));
}
