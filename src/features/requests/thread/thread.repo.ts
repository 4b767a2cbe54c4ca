import { asc, eq } from 'drizzle-orm';
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
