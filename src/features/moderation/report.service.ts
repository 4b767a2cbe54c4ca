import { getDb } from '#db/client.ts';
import { requireVerifiedEmail } from '#features/members/verified-email.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { deliverEmails, notify } from '#features/notifications/notifications.service.ts';
import * as reports from '#features/reports/reports.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { AppError } from '#server/errors.ts';
import { type ReportInput, STATUS_LABELS, SUBJECT_LABELS } from './moderation.ts';
import { moderationNotices } from './moderation-notices.ts';
import { subjectForReport } from './subjects.service.ts';

const ALREADY = 'You already reported this. A moderator will look at it; its status is under Settings → My reports.';

/** What the report form shows about the thing being reported (NOT_FOUND when the reporter may not see it). */
export async function reportForm(viewer: MemberViewer, kind: ReportInput['kind'], ref: string) {
  const subject = await subjectForReport(kind, ref, viewer);
  if (subject.ownerId === viewer.id) throw new AppError('BAD_REQUEST', 'This is your own; there is nothing to report.');
  return { kind, ref, title: subject.title, url: subject.url, kindLabel: SUBJECT_LABELS[kind] };
}

/**
 * A member reports something they can see to the moderators: a reason from the short
 * list and their own words, with a snapshot of the thing as it is now (so an edit
 * cannot erase the evidence). One report per person per thing (the unique index);
 * rate-limited; moderators are told.
 */
export async function fileReport(viewer: MemberViewer, input: ReportInput, now = new Date()): Promise<{ id: number }> {
  const full = await subjectForReport(input.kind, input.id, viewer);
  if (full.ownerId === viewer.id) throw new AppError('BAD_REQUEST', 'This is your own; there is nothing to report.');
  await requireVerifiedEmail(viewer, 'send reports');
  if ((await reports.reportsBy(viewer.id)).some((r) => r.subjectKind === input.kind && r.subjectId === full.id))
    throw new AppError('CONFLICT', ALREADY);
  // Counted once the report could be filed: a mistyped form or a repeat is not a report sent.
  await enforceRateLimit(RATE_LIMITS.reportsPerMember, viewer.id, now);
  const moderators = (await reports.moderatorIds()).filter((m) => m.id !== viewer.id && m.id !== full.ownerId);
  const rows = await getDb().transaction(async (tx) => {
    const id = await reports.insertReport(
      {
        subjectKind: input.kind,
        subjectId: full.id,
        subjectOwnerId: full.ownerId,
        requestId: full.requestId,
        reporterId: viewer.id,
        reason: input.reason,
        details: input.details ?? '',
        snapshot: full.snapshot,
        createdAt: now,
      },
      tx,
    );
    // Two reports at once from the same member: the unique index let one through.
    if (id === null) return null;
    return {
      id,
      rows: await notify(
        tx,
        moderators.map((m) => moderationNotices.reported(m.id, input.kind, full.title, id)),
        now,
      ),
    };
  });
  if (!rows) throw new AppError('CONFLICT', ALREADY);
  await deliverEmails(rows.rows, now);
  return { id: rows.id };
}

/** The reports a member filed, with their status in words, newest first. */
export async function myReports(reporterId: string) {
  return (await reports.reportsBy(reporterId)).map((r) => ({
    id: r.id,
    kind: SUBJECT_LABELS[r.subjectKind],
    title: r.snapshot.title,
    url: r.snapshot.url,
    reason: r.reason,
    details: r.details,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    resolution: r.resolution,
    createdAt: r.createdAt,
    resolvedAt: r.resolvedAt,
  }));
}
