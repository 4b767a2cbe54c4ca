import { and, count, desc, eq, inArray, isNull, max, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { type DbOrTx, getDb } from '#db/client.ts';
import { type ReportStatus, type ReportSubject, reports, users } from '#db/schema/index.ts';

export type ReportRow = typeof reports.$inferSelect;
export type NewReportRow = typeof reports.$inferInsert;

/** Inserts a report; null when this reporter already reported this thing (the unique index decides). */
export async function insertReport(row: NewReportRow, db: DbOrTx): Promise<number | null> {
  const inserted = await db.insert(reports).values(row).onConflictDoNothing().returning({ id: reports.id });
  return inserted[0]?.id ?? null;
}

/** Whether a request, or a message in it, has a report no moderator has closed. */
export async function hasOpenOnRequest(requestId: string, db: DbOrTx = getDb()): Promise<boolean> {
  const row = await db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.requestId, requestId), eq(reports.status, 'open')))
    .get();
  return row !== undefined;
}

export function findReport(id: number, db: DbOrTx = getDb()): Promise<ReportRow | undefined> {
  return db.select().from(reports).where(eq(reports.id, id)).get();
}

/** The reports a member filed, newest first. */
export function reportsBy(reporterId: string, limit: number, db: DbOrTx = getDb()): Promise<ReportRow[]> {
  return db.select().from(reports).where(eq(reports.reporterId, reporterId)).orderBy(desc(reports.id)).limit(limit);
}

const reporter = alias(users, 'reporter');
const owner = alias(users, 'owner');

/** Every report on one thing, newest first, with who filed it (null once they left). */
export function reportsOnSubject(kind: ReportSubject, subjectId: string, db: DbOrTx = getDb()) {
  return db
    .select({ report: reports, reporter: { handle: reporter.handle, displayName: reporter.displayName } })
    .from(reports)
    .leftJoin(reporter, eq(reporter.id, reports.reporterId))
    .where(and(eq(reports.subjectKind, kind), eq(reports.subjectId, subjectId)))
    .orderBy(desc(reports.id));
}

/** Reports about a member's other things (their history), newest first. */
export function reportsAboutMember(
  ownerId: string,
  except: { kind: ReportSubject; id: string } | null,
  limit: number,
  db: DbOrTx = getDb(),
): Promise<ReportRow[]> {
  const conditions: SQL[] = [eq(reports.subjectOwnerId, ownerId)];
  if (except) conditions.push(or(ne(reports.subjectKind, except.kind), ne(reports.subjectId, except.id))!);
  return db
    .select()
    .from(reports)
    .where(and(...conditions))
    .orderBy(desc(reports.id))
    .limit(limit);
}

export interface QueueQuery {
  sort: 'newest' | 'most';
  kinds?: ReportSubject[];
  limit: number;
}

/**
 * Things with open reports, one row each: how many open reports, the newest one (its
 * id leads to the case page) and when, and whose thing it is.
 */
export function openQueue(query: QueueQuery, db: DbOrTx = getDb()) {
  const open = count(reports.id);
  const newest = max(reports.createdAt);
  const conditions: SQL[] = [eq(reports.status, 'open')];
  if (query.kinds?.length) conditions.push(inArray(reports.subjectKind, query.kinds));
  return db
    .select({
      subjectKind: reports.subjectKind,
      subjectId: reports.subjectId,
      subjectOwnerId: reports.subjectOwnerId,
      requestId: reports.requestId,
      openReports: open,
      latestId: max(reports.id).mapWith(Number),
      latestAt: newest,
      owner: { handle: owner.handle, displayName: owner.displayName },
    })
    .from(reports)
    .innerJoin(owner, eq(owner.id, reports.subjectOwnerId))
    .where(and(...conditions))
    .groupBy(reports.subjectKind, reports.subjectId)
    .orderBy(...(query.sort === 'most' ? [desc(open), desc(newest)] : [desc(newest), desc(open)]))
    .limit(query.limit);
}

/** How many things wait in the queue. */
export async function countOpenSubjects(db: DbOrTx = getDb()): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(distinct ${reports.subjectKind} || ':' || ${reports.subjectId})`.mapWith(Number) })
    .from(reports)
    .where(eq(reports.status, 'open'))
    .get();
  return row?.n ?? 0;
}

/**
 * Closes every open report on a thing with the outcome and what the moderator said;
 * returns the closed reports (their reporters are told). Conditional on `open`, so two
 * moderators closing the same case at once close each report once.
 */
export function closeOpenOnSubject(
  kind: ReportSubject,
  subjectId: string,
  outcome: { status: Exclude<ReportStatus, 'open'>; by: string; resolution: string; at: Date },
  db: DbOrTx,
) {
  return db
    .update(reports)
    .set({ status: outcome.status, resolvedBy: outcome.by, resolution: outcome.resolution, resolvedAt: outcome.at })
    .where(and(eq(reports.subjectKind, kind), eq(reports.subjectId, subjectId), eq(reports.status, 'open')))
    .returning({ id: reports.id, reporterId: reports.reporterId });
}

/** Open reports on a request or any of its messages (a moderator closing the case from the request page). */
export function openOnRequest(requestId: string, db: DbOrTx = getDb()) {
  return db
    .select({ subjectKind: reports.subjectKind, subjectId: reports.subjectId })
    .from(reports)
    .where(and(eq(reports.requestId, requestId), eq(reports.status, 'open')))
    .groupBy(reports.subjectKind, reports.subjectId);
}

/** Moderators and admins who are told about new reports and appeals (withdrawn ones are not). */
export function moderatorIds(limit: number, db: DbOrTx = getDb()) {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, ['moderator', 'admin']), isNull(users.suspendedAt), isNull(users.deletionDueAt)))
    .limit(limit);
}

/** Reports by id (the newest report of each case in the queue carries its snapshot). */
export function reportsByIds(ids: number[], db: DbOrTx = getDb()): Promise<ReportRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.select().from(reports).where(inArray(reports.id, ids));
}
