import { and, count, desc, eq, inArray, isNull, max } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { mentoringRequests, requestReports, skills, users } from '#db/schema/index.ts';

export async function insertReport(row: typeof requestReports.$inferInsert, db: DbOrTx): Promise<void> {
  await db.insert(requestReports).values(row);
}

export async function hasOpenReport(requestId: string, db: DbOrTx = getDb()): Promise<boolean> {
  const row = await db
    .select({ id: requestReports.id })
    .from(requestReports)
    .where(and(eq(requestReports.requestId, requestId), isNull(requestReports.resolvedAt)))
    .get();
  return row !== undefined;
}

/** The reports on one request, newest first, with who filed them. */
export function reportsOn(requestId: string, db: DbOrTx = getDb()) {
  return db
    .select({ report: requestReports, reporter: { handle: users.handle, displayName: users.displayName } })
    .from(requestReports)
    .leftJoin(users, eq(users.id, requestReports.reporterId))
    .where(eq(requestReports.requestId, requestId))
    .orderBy(desc(requestReports.id));
}

/** Marks every open report on a request resolved; returns how many there were. */
export async function resolveReports(requestId: string, moderatorId: string, now: Date, db: DbOrTx): Promise<number> {
  const result = await db
    .update(requestReports)
    .set({ resolvedAt: now, resolvedBy: moderatorId })
    .where(and(eq(requestReports.requestId, requestId), isNull(requestReports.resolvedAt)));
  return result.rowsAffected;
}

/** Requests with unresolved reports: the moderators' queue, most recently reported first. */
export function openReportQueue(limit: number, db: DbOrTx = getDb()) {
  return db
    .select({
      requestId: requestReports.requestId,
      reports: count(),
      lastReportedAt: max(requestReports.createdAt),
      skillName: skills.name,
      state: mentoringRequests.state,
    })
    .from(requestReports)
    .innerJoin(mentoringRequests, eq(mentoringRequests.id, requestReports.requestId))
    .innerJoin(skills, eq(skills.id, mentoringRequests.skillId))
    .where(isNull(requestReports.resolvedAt))
    .groupBy(requestReports.requestId)
    .orderBy(desc(max(requestReports.createdAt)))
    .limit(limit);
}

/** Moderators and admins who get told about new reports. */
export function moderatorIds(limit: number, db: DbOrTx = getDb()) {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, ['moderator', 'admin']), isNull(users.suspendedAt)))
    .limit(limit);
}
