import { and, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { mentoringRequests } from '#db/schema/index.ts';

/* Queries of the scheduled jobs: what is due for expiry or a reminder. */

/** Open requests whose time ran out. */
export async function dueForExpiry(now: Date, limit: number, db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db
    .select({ id: mentoringRequests.id })
    .from(mentoringRequests)
    .where(and(eq(mentoringRequests.state, 'open'), lte(mentoringRequests.expiresAt, now)))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Unanswered direct requests that expire before `until` and whose helper was not warned yet. */
export async function requestsToWarn(until: Date, limit: number, db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db
    .select({ id: mentoringRequests.id })
    .from(mentoringRequests)
    .where(
      and(
        eq(mentoringRequests.state, 'open'),
        isNotNull(mentoringRequests.recipientId),
        isNull(mentoringRequests.firstAnsweredAt),
        isNull(mentoringRequests.expiryWarnedAt),
        lte(mentoringRequests.expiresAt, until),
      ),
    )
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Sets a "sent once" marker only if it is still unset: a reminder goes out once even with several workers. */
export async function markOnce(id: string, column: 'expiryWarnedAt', now: Date, db: DbOrTx): Promise<boolean> {
  const result = await db
    .update(mentoringRequests)
    .set({ [column]: now })
    .where(and(eq(mentoringRequests.id, id), isNull(mentoringRequests[column])));
  return result.rowsAffected === 1;
}
