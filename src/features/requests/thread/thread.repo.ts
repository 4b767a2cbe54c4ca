import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { profiles, requestMessages, users } from '#db/schema/index.ts';

export type MessageRow = typeof requestMessages.$inferSelect;

/** The thread, oldest first, with each author's name and face. */
export function listMessages(requestId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      message: requestMessages,
      author: {
        id: users.id,
        handle: users.handle,
        displayName: users.displayName,
        avatarKey: profiles.avatarKey,
        visibility: profiles.visibility,
      },
    })
    .from(requestMessages)
    .leftJoin(users, eq(users.id, requestMessages.authorId))
    .leftJoin(profiles, eq(profiles.userId, requestMessages.authorId))
    .where(eq(requestMessages.requestId, requestId))
    .orderBy(asc(requestMessages.id));
}

export async function insertMessage(row: typeof requestMessages.$inferInsert, db: DbOrTx): Promise<void> {
  await db.insert(requestMessages).values(row);
}

export function findMessage(id: number, db: DbOrTx = getDb()): Promise<MessageRow | undefined> {
  return db.select().from(requestMessages).where(eq(requestMessages.id, id)).get();
}

/** Sets or clears a moderator's hiding of a message; false when there is no such message. */
export async function setMessageHidden(id: number, hiddenAt: Date | null, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(requestMessages)
    .set({ hiddenAt })
    // Conditional, so two moderators acting at once cannot both hide (or restore) it.
    .where(
      and(
        eq(requestMessages.id, id),
        hiddenAt ? isNull(requestMessages.hiddenAt) : isNotNull(requestMessages.hiddenAt),
      ),
    );
  return result.rowsAffected === 1;
}

/** The messages a member wrote, oldest first (their data export). */
export function messagesBy(authorId: string, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(requestMessages)
    .where(eq(requestMessages.authorId, authorId))
    .orderBy(asc(requestMessages.id));
}
