import { and, asc, desc, eq } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { type AppealStatus, appeals, users } from '#db/schema/index.ts';

export type AppealRow = typeof appeals.$inferSelect;

/** Files an appeal; null when the member already has one open (the partial unique index decides). */
export async function insertAppeal(row: typeof appeals.$inferInsert, db: DbOrTx): Promise<number | null> {
  const inserted = await db.insert(appeals).values(row).onConflictDoNothing().returning({ id: appeals.id });
  return inserted[0]?.id ?? null;
}

export function findAppeal(id: number, db: DbOrTx = getDb()): Promise<AppealRow | undefined> {
  return db.select().from(appeals).where(eq(appeals.id, id)).get();
}

/** A member's appeals, newest first. */
export function appealsOf(userId: string, db: DbOrTx = getDb()): Promise<AppealRow[]> {
  return db.select().from(appeals).where(eq(appeals.userId, userId)).orderBy(desc(appeals.id));
}

/** Open appeals, oldest first (first come, first answered), with who appealed. */
export function openAppeals(limit: number, db: DbOrTx = getDb()) {
  return db
    .select({ appeal: appeals, member: { handle: users.handle, displayName: users.displayName } })
    .from(appeals)
    .innerJoin(users, eq(users.id, appeals.userId))
    .where(eq(appeals.status, 'open'))
    .orderBy(asc(appeals.id))
    .limit(limit);
}

/** Answers a member's open appeal; false when there is none open (already answered). */
export async function answerOpenAppeal(
  userId: string,
  answer: { status: Exclude<AppealStatus, 'open'>; by: string | null; text: string; at: Date },
  db: DbOrTx,
): Promise<boolean> {
  const result = await db
    .update(appeals)
    .set({ status: answer.status, answeredBy: answer.by, answer: answer.text, answeredAt: answer.at })
    .where(and(eq(appeals.userId, userId), eq(appeals.status, 'open')));
  return result.rowsAffected > 0;
}
