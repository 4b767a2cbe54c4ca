import { and, count, desc, eq, inArray, isNull, like, lt, or, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { reusable } from '#db/reusable.ts';
import { notifications } from '#db/schema/index.ts';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;

export async function insertNotifications(rows: NewNotification[], db: DbOrTx): Promise<NotificationRow[]> {
  const out: NotificationRow[] = [];
  // In chunks: a notice to every follower of a topic can be thousands of rows, past SQLite's bound-variable limit.
  for (let i = 0; i < rows.length; i += 500) {
    out.push(
      ...(await db
        .insert(notifications)
        .values(rows.slice(i, i + 500))
        .returning()),
    );
  }
  return out;
}

const unreadCount = reusable((db) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder('userId')), isNull(notifications.readAt)))
    .prepare(),
);

export async function countUnread(userId: string, db: DbOrTx = getDb()): Promise<number> {
  const row = await unreadCount(db).get({ userId });
  return row?.n ?? 0;
}

/** A page of a member's notifications, newest first; `before` is the last id of the previous page. */
export function listForUser(
  userId: string,
  opts: { limit: number; before?: number; unreadOnly?: boolean },
  db: DbOrTx = getDb(),
) {
  const conditions = [eq(notifications.userId, userId)];
  if (opts.before !== undefined) conditions.push(lt(notifications.id, opts.before));
  if (opts.unreadOnly) conditions.push(isNull(notifications.readAt));
  return db
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.id))
    .limit(opts.limit);
}

/** Marks some (or, with no ids, all) of a member's notifications read; others' ids are ignored. */
export async function markRead(userId: string, ids: number[] | 'all', at: Date, db: DbOrTx = getDb()): Promise<number> {
  const conditions = [eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    conditions.push(inArray(notifications.id, ids));
  }
  const result = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(...conditions));
  return result.rowsAffected;
}

export async function markEmailed(ids: number[], at: Date, db: DbOrTx = getDb()): Promise<void> {
  if (ids.length === 0) return;
  await db.update(notifications).set({ emailedAt: at }).where(inArray(notifications.id, ids));
}

export function findForUser(userId: string, id: number, db: DbOrTx = getDb()): Promise<NotificationRow | undefined> {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.id, id)))
    .get();
}

/** Deletes notices a member caused, and notices leading to any of `paths` (or below them), for everyone. */
export async function deleteAbout(actorId: string, paths: string[], db: DbOrTx): Promise<void> {
  await db.delete(notifications).where(eq(notifications.actorId, actorId));
  for (const path of paths) {
    await db
      .delete(notifications)
      .where(
        or(
          eq(notifications.url, path),
          like(notifications.url, `${path}?%`),
          like(notifications.url, `${path}#%`),
          like(notifications.url, `${path}/%`),
        ),
      );
  }
}

/** A member's notices, oldest first (their data export). */
export function allForUser(userId: string, db: DbOrTx = getDb()) {
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id);
}
