import { and, asc, count, eq } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { availabilitySettings, availabilityWindows } from '#db/schema/index.ts';

export type BookableSettingsRow = typeof availabilitySettings.$inferSelect;
export type WindowRow = typeof availabilityWindows.$inferSelect;

export function findSettings(userId: string, db: DbOrTx = getDb()): Promise<BookableSettingsRow | undefined> {
  return db.select().from(availabilitySettings).where(eq(availabilitySettings.userId, userId)).get();
}

export async function putSettings(row: BookableSettingsRow, db: DbOrTx = getDb()): Promise<void> {
  const { userId, ...set } = row;
  await db.insert(availabilitySettings).values(row).onConflictDoUpdate({ target: availabilitySettings.userId, set });
}

export function windowsOf(userId: string, db: DbOrTx = getDb()): Promise<WindowRow[]> {
  return db
    .select()
    .from(availabilityWindows)
    .where(eq(availabilityWindows.userId, userId))
    .orderBy(asc(availabilityWindows.weekday), asc(availabilityWindows.startMinute));
}

export async function countWindows(userId: string, db: DbOrTx = getDb()): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(availabilityWindows)
    .where(eq(availabilityWindows.userId, userId))
    .get();
  return row?.n ?? 0;
}

export async function insertWindow(row: Omit<WindowRow, 'id'>, db: DbOrTx = getDb()): Promise<void> {
  await db.insert(availabilityWindows).values(row);
}

/** Removes one of the member's own windows; false when it is not theirs (or gone). */
export async function deleteWindow(userId: string, id: number, db: DbOrTx = getDb()): Promise<boolean> {
  const result = await db
    .delete(availabilityWindows)
    .where(and(eq(availabilityWindows.userId, userId), eq(availabilityWindows.id, id)));
  return result.rowsAffected === 1;
}

/** Unpublishes (the last window went). */
export async function unpublish(userId: string, db: DbOrTx = getDb()): Promise<void> {
  await db.update(availabilitySettings).set({ published: false }).where(eq(availabilitySettings.userId, userId));
}
