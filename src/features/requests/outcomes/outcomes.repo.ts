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

/** Completed sessions a member gave (as the helper), per skill. */
export function completedBySkill(userId: string, db: DbOrTx = getDb()) {
  return completedPerSkill(db).all({ userId });
}

const completedPerSkill = reusable((db) =>
  db
    .select({ skillId: skills.id, slug: skills.slug, name: skills.name, n: count() })
    .from(mentoringRequests)
    .innerJoin(skills, eq(skills.id, mentoringRequests.skillId))
    .where(and(eq(mentoringRequests.recipientId, sql.placeholder('userId')), eq(mentoringRequests.state, 'completed')))
    .groupBy(skills.id)
    .prepare(),
);

/** Endorsements a member received, per skill. */
export function endorsementsBySkill(userId: string, db: DbOrTx = getDb()) {
  return endorsedPerSkill(db).all({ userId });
}

const endorsedPerSkill = reusable((db) =>
  db
    .select({ skillId: skills.id, slug: skills.slug, name: skills.name, n: count() })
    .from(endorsements)
    .innerJoin(skills, eq(skills.id, endorsements.skillId))
    .where(eq(endorsements.endorseeId, sql.placeholder('userId')))
    .groupBy(skills.id)
    .prepare(),
);

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
