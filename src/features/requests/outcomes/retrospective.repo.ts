import { and, desc, eq } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { mentoringRequests, mentoringRetrospectives, skills } from '#db/schema/index.ts';

export type RetrospectiveRow = typeof mentoringRetrospectives.$inferSelect;

/** Records one side's retrospective once; false when they already wrote it (also under parallel posts). */
export async function insertRetrospective(
  row: typeof mentoringRetrospectives.$inferInsert,
  db: DbOrTx,
): Promise<boolean> {
  const result = await db.insert(mentoringRetrospectives).values(row).onConflictDoNothing();
  return result.rowsAffected === 1;
}

export function findRetrospective(requestId: string, authorId: string, db: DbOrTx = getDb()) {
  return db
    .select()
    .from(mentoringRetrospectives)
    .where(and(eq(mentoringRetrospectives.requestId, requestId), eq(mentoringRetrospectives.authorId, authorId)))
    .get();
}

/** A member's own retrospectives, newest first, with the mentorship they are about. */
export function retrospectivesBy(authorId: string, db: DbOrTx = getDb()) {
  return db
    .select({
      requestId: mentoringRetrospectives.requestId,
      goalsMet: mentoringRetrospectives.goalsMet,
      learned: mentoringRetrospectives.learned,
      wouldRepeat: mentoringRetrospectives.wouldRepeat,
      createdAt: mentoringRetrospectives.createdAt,
      kind: mentoringRequests.kind,
      skillName: skills.name,
    })
    .from(mentoringRetrospectives)
    .innerJoin(mentoringRequests, eq(mentoringRequests.id, mentoringRetrospectives.requestId))
    .innerJoin(skills, eq(skills.id, mentoringRequests.skillId))
    .where(eq(mentoringRetrospectives.authorId, authorId))
    .orderBy(desc(mentoringRetrospectives.createdAt));
}
