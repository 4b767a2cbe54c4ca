import { and, eq, inArray } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { noticeOptOuts } from '#db/schema/index.ts';

export async function isOptedOut(userId: string, kind: string, db: DbOrTx = getDb()): Promise<boolean> {
  const row = await db
    .select({ kind: noticeOptOuts.kind })
    .from(noticeOptOuts)
    .where(and(eq(noticeOptOuts.userId, userId), eq(noticeOptOuts.kind, kind)))
    .get();
  return row !== undefined;
}

export async function optOut(userId: string, kind: string, now: Date, db: DbOrTx = getDb()): Promise<void> {
  await db.insert(noticeOptOuts).values({ userId, kind, createdAt: now }).onConflictDoNothing();
}

export async function optIn(userId: string, kind: string, db: DbOrTx = getDb()): Promise<void> {
  await db.delete(noticeOptOuts).where(and(eq(noticeOptOuts.userId, userId), eq(noticeOptOuts.kind, kind)));
}

/** Of these members, the ones who turned this kind of notice off. */
export async function optedOutAmong(userIds: string[], kind: string, db: DbOrTx = getDb()): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .select({ userId: noticeOptOuts.userId })
      .from(noticeOptOuts)
      .where(and(eq(noticeOptOuts.kind, kind), inArray(noticeOptOuts.userId, userIds.slice(i, i + 500))));
    for (const r of rows) out.add(r.userId);
  }
  return out;
}
