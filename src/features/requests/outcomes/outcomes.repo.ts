import { and, count, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { reusable } from '#db/reusable.ts';
import { endorsements, mentoringRequests, requestFeedback, skills } from '#db/schema/index.ts';

/** Records feedback once per side; false when this side already left it. */
export async function insertFeedback(row: typeof requestFeedback.$inferInsert, db: DbOrTx): Promise<boolean> {
  const result = await db.insert(requestFeedback).values(row).onConflictDoNothing();
  return result.rowsAffected === 1;
}

export function feedbackOn(requestId: string, db: DbOrTx = getDb()) {
  return db.select().from(requestFeedback).where(eq(requestFeedback.requestId, requestId));
}

/** Records the requester's endorsement once per request; false when it already exists. */
export async function insertEndorsement(row: typeof endorsements.$inferInsert, db: DbOrTx): Promise<boolean> {
  const result = await db.insert(endorsements).values(row).onConflictDoNothing();
  return result.rowsAffected === 1;
}

export function endorsementOf(requestId: string, db: DbOrTx = getDb()) {
  return db.select().from(endorsements).where(eq(endorsements.requestId, requestId)).get();
}

/*
 * A member's track record per skill in one statement (the profile page shows it beside a
 * dozen other reads; each statement costs about as much in the client and Drizzle as in
 * SQLite): every skill they completed a session on or were endorsed for, with both counts.
 */
const recordPerSkill = reusable((db) => {
  const userId = sql.placeholder('userId');
  // Qualified by hand: Drizzle writes a one-table query's columns bare, which inside the subqueries would name their own table's id.
  const skillId = sql`${skills}.${sql.identifier(skills.id.name)}`;
  const completed = and(eq(mentoringRequests.recipientId, userId), eq(mentoringRequests.state, 'completed'));
  return db
    .select({
      skillId: skills.id,
      slug: skills.slug,
      name: skills.name,
      completed: sql<number>`(SELECT count(*) FROM ${mentoringRequests}
        WHERE ${completed} AND ${mentoringRequests.skillId} = ${skillId})`.mapWith(Number),
      endorsements: sql<number>`(SELECT count(*) FROM ${endorsements}
        WHERE ${endorsements.endorseeId} = ${userId} AND ${endorsements.skillId} = ${skillId})`.mapWith(Number),
    })
    .from(skills)
    .where(
      sql`${skills.id} IN (SELECT ${mentoringRequests.skillId} FROM ${mentoringRequests} WHERE ${completed}
        UNION SELECT ${endorsements.skillId} FROM ${endorsements} WHERE ${endorsements.endorseeId} = ${userId})`,
    )
    .prepare();
});

/** Per skill, the sessions a member completed as the helper and the endorsements they received (either may be 0). */
export function trackRecordBySkill(userId: string, db: DbOrTx = getDb()) {
  return recordPerSkill(db).all({ userId });
}

export async function completedCountsFor(userIds: string[], db: DbOrTx = getDb()): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: mentoringRequests.recipientId, n: count() })
    .from(mentoringRequests)
    .where(and(inArray(mentoringRequests.recipientId, userIds), eq(mentoringRequests.state, 'completed')))
    .groupBy(mentoringRequests.recipientId);
  return new Map(rows.map((r) => [r.userId!, r.n]));
}

export async function endorsementCountsFor(userIds: string[], db: DbOrTx = getDb()): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: endorsements.endorseeId, n: count() })
    .from(endorsements)
    .where(inArray(endorsements.endorseeId, userIds))
    .groupBy(endorsements.endorseeId);
  return new Map(rows.map((r) => [r.userId, r.n]));
}

const receivedAfter = reusable((db) =>
  db
    .select({
      createdAt: mentoringRequests.createdAt,
      firstAnsweredAt: mentoringRequests.firstAnsweredAt,
      state: mentoringRequests.state,
    })
    .from(mentoringRequests)
    .where(
      and(
        eq(mentoringRequests.recipientId, sql.placeholder('userId')),
        eq(mentoringRequests.openCall, false),
        gte(mentoringRequests.createdAt, sql.placeholder('since')),
      ),
    )
    .orderBy(desc(mentoringRequests.createdAt))
    .limit(500)
    .prepare(),
);

/** Direct requests a member received since `since`, as responsiveness needs them. */
export function receivedSince(userId: string, since: Date, db: DbOrTx = getDb()) {
  // A placeholder is bound as given: the column's own encoding (milliseconds) is applied here.
  return receivedAfter(db).all({ userId, since: mentoringRequests.createdAt.mapToDriverValue(since) });
}
