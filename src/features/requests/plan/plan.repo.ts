import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { mentorshipItems } from '#db/schema/index.ts';

export type PlanItemRow = typeof mentorshipItems.$inferSelect;

export function planItems(requestId: string, db: DbOrTx = getDb()): Promise<PlanItemRow[]> {
  return db
    .select()
    .from(mentorshipItems)
    .where(eq(mentorshipItems.requestId, requestId))
    .orderBy(asc(mentorshipItems.id));
}

export async function countItems(requestId: string, db: DbOrTx = getDb()): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(mentorshipItems)
    .where(eq(mentorshipItems.requestId, requestId))
    .get();
  return row?.n ?? 0;
}

export function findItem(requestId: string, itemId: number, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(mentorshipItems)
    .where(and(eq(mentorshipItems.requestId, requestId), eq(mentorshipItems.id, itemId)))
    .get();
}

export async function insertItem(row: typeof mentorshipItems.$inferInsert, db: DbOrTx): Promise<void> {
  await db.insert(mentorshipItems).values(row);
}

/** Ticks an item, or unticks it: one conditional UPDATE each way, so two clicks at once agree. */
export async function setDone(
  requestId: string,
  itemId: number,
  done: { at: Date; by: string } | null,
  db: DbOrTx,
): Promise<boolean> {
  const where = and(
    eq(mentorshipItems.requestId, requestId),
    eq(mentorshipItems.id, itemId),
    done ? isNull(mentorshipItems.doneAt) : sql`${mentorshipItems.doneAt} IS NOT NULL`,
  );
  const result = await db
    .update(mentorshipItems)
    .set(done ? { doneAt: done.at, doneBy: done.by } : { doneAt: null, doneBy: null })
    .where(where);
  return result.rowsAffected === 1;
}
