import type { DbOrTx } from '#db/client.ts';
import type { AuditAction } from '#db/schema/index.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { notFound } from '#server/errors.ts';
import * as repo from './audit.repo.ts';

export type { NamedAuditRow } from './audit.repo.ts';

/** One thing a moderator or admin did (or the site did on its own, with no actor). */
export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  subject?: { kind: string; id: string };
  /** The member the action concerns. */
  memberId?: string | null;
  reason?: string;
  detail?: Record<string, unknown>;
}

/**
 * Appends to the audit log inside the caller's transaction, so an entry exists exactly
 * when the action it records does. Nothing ever changes or removes an entry.
 */
export async function recordAudit(tx: DbOrTx, entry: AuditEntry, now: Date): Promise<void> {
  await repo.appendAudit(
    {
      at: now,
      actorId: entry.actorId,
      action: entry.action,
      subjectKind: entry.subject?.kind ?? null,
      subjectId: entry.subject?.id ?? null,
      memberId: entry.memberId ?? null,
      reason: (entry.reason ?? '').slice(0, 2000),
      detail: entry.detail ?? {},
    },
    tx,
  );
}

const PAGE = 50;

/** The audit log for /admin, newest first; anyone but an admin gets NOT_FOUND. */
export async function readAuditLog(viewer: Viewer, opts: { before?: number; actions?: AuditAction[] } = {}) {
  if (viewer?.role !== 'admin') throw notFound();
  const rows = await repo.listAudit({ ...opts, limit: PAGE + 1 });
  return { entries: rows.slice(0, PAGE), nextBefore: rows.length > PAGE ? rows[PAGE - 1]!.entry.id : undefined };
}

/** Moderation actions on a member, newest first (the moderation feature checks who asks). */
export function moderationHistoryOf(memberId: string, limit = 20) {
  return repo.auditForMember(
    memberId,
    [
      'report.dismiss',
      'content.hide',
      'content.restore',
      'member.warn',
      'member.suspend',
      'member.lift',
      'appeal.reject',
    ],
    limit,
  );
}

/** The latest reason recorded for an action about a member or a thing, or null. */
export async function latestReason(
  action: AuditAction,
  where: { memberId?: string; subjectKind?: string; subjectId?: string },
): Promise<{ reason: string; at: Date; detail: Record<string, unknown> } | null> {
  const rows = await repo
    .latestFor(action, {
      memberId: where.memberId,
      subjectKind: where.subjectKind,
      subjectIds: where.subjectId ? [where.subjectId] : undefined,
    })
    .limit(1);
  const row = rows[0];
  return row ? { reason: row.reason, at: row.at, detail: row.detail } : null;
}

/** The latest reason per thing for one action over several things (hidden messages in a thread). */
export async function latestReasons(
  action: AuditAction,
  subjectKind: string,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await repo.latestFor(action, { subjectKind, subjectIds: ids });
  const out = new Map<string, string>();
  for (const row of rows) if (row.subjectId && !out.has(row.subjectId)) out.set(row.subjectId, row.reason);
  return out;
}
