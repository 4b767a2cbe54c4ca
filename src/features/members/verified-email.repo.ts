import { eq } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { users } from '#db/schema/index.ts';

/** When the member confirmed their email address (null: not yet, or no such member). */
export async function findEmailVerifiedAt(userId: string, db: DbOrTx = getDb()): Promise<Date | null> {
  const row = await db.select({ at: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).get();
  return row?.at ?? null;
}
