import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { type DbOrTx, getDb } from '#db/client.ts';
import { type AuditAction, auditLog, users } from '#db/schema/index.ts';

/*
 * The audit log's only writes are inserts: there is no update or delete here, and the
 * database refuses both (db/schema/moderation.ts, APPEND_ONLY_TRIGGERS).
 */

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

export async function appendAudit(row: NewAuditRow, db: DbOrTx): Promise<void> {
  await db.insert(auditLog).values(row);
}

const actor = alias(users, 'actor');
const member = alias(users, 'member');

/** Entries with the names the ids have now (null once a member deleted their account). */
function withNames(db: DbOrTx) {
  return db
    .select({
      entry: auditLog,
      actor: { handle: actor.handle, displayName: actor.displayName },
      member: { handle: member.handle, displayName: member.displayName },
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(member, eq(member.id, auditLog.memberId));
}

export type NamedAuditRow = Awaited<ReturnType<ReturnType<typeof withNames>['all']>>[number];

/** A page of the log, newest first; `before` is the last id of the previous page. */
export function listAudit(
  opts: { limit: number; before?: number; actions?: AuditAction[] },
  db: DbOrTx = getDb(),
): Promise<NamedAuditRow[]> {
  const conditions: SQL[] = [];
  if (opts.before !== undefined) conditions.push(lt(auditLog.id, opts.before));
  if (opts.actions?.length) conditions.push(inArray(auditLog.action, opts.actions));
  return withNames(db)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(opts.limit);
}

/** What was done to one member, newest first. */
export function auditForMember(
  memberId: string,
  actions: AuditAction[],
  limit: number,
  db: DbOrTx = getDb(),
): Promise<NamedAuditRow[]> {
  return withNames(db)
    .where(and(eq(auditLog.memberId, memberId), inArray(auditLog.action, actions)))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}

/** The latest entry of one kind about one thing (why it was hidden, why a member is suspended). */
export function latestFor(
  action: AuditAction,
  where: { memberId?: string; subjectKind?: string; subjectIds?: string[] },
  db: DbOrTx = getDb(),
) {
  const conditions: SQL[] = [eq(auditLog.action, action)];
  if (where.memberId) conditions.push(eq(auditLog.memberId, where.memberId));
  if (where.subjectKind) conditions.push(eq(auditLog.subjectKind, where.subjectKind));
  if (where.subjectIds) conditions.push(inArray(auditLog.subjectId, where.subjectIds.length ? where.subjectIds : ['']));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id));
}
