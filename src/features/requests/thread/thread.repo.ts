import { asc, eq } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { requestMessages, users } from '#db/schema/index.ts';

export type MessageRow = typeof requestMessages.$inferSelect;

/** The thread, oldest first, with each author's name. */
export function listMessages(requestId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      message: requestMessages,
      author: { id: users.id, handle: users.handle, displayName: users.displayName },
    })
    .from(requestMessages)
    .leftJoin(users, eq(users.id, requestMessages.authorId))
    .where(eq(requestMessages.requestId, requestId))
    .orderBy(asc(requestMessages.id));
}

export async function insertMessage(row: typeof requestMessages.$inferInsert, db: DbOrTx): Promise<void> {
  await db.insert(requestMessages).values(row);
}
