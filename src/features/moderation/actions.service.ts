import { type DbOrTx, getDb, type Tx } from '#db/client.ts';
import type { ReportSubject } from '#db/schema/index.ts';
import {
  type AccountRow,
  findAccount,
  liftAccountSuspension,
  suspendAccount,
} from '#features/accounts/standing.service.ts';
import { recordAudit } from '#features/audit/audit.service.ts';
import { restoreMember, withdrawMember } from '#features/leaving/withdrawal.service.ts';
import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { deliverEmails, type Notice, notify } from '#features/notifications/notifications.service.ts';
import * as reports from '#features/reports/reports.service.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { dataChanged } from '#server/cache/invalidation.ts';
import { AppError, notFound } from '#server/errors.ts';
import { formatDate } from '#server/time/format.ts';
import { answerOpenAppeal } from './appeals.repo.ts';
import { type SuspensionLength, suspensionEnd } from './moderation.ts';
import { moderationNotices } from './moderation-notices.ts';
import { canActOnMember, canModerate } from './permissions.ts';
import { type Subject, setSubjectHidden, subjectNow } from './subjects.service.ts';

/*
 * What moderators do, each with a reason the person concerned reads (inbox, and email
 * with SMTP), each written to the audit log in the same transaction: dismiss a case,
 * hide or restore content, warn, suspend (for a period or until lifted) and lift.
 */

const NO_CASE = 'We could not find that report.';
const REFUSED = 'Moderators act on members; only an admin acts on a moderator, and nobody on an admin or themselves.';

/** The case a report leads to: the report and its thing as it is now. Anyone who may not moderate: NOT_FOUND. */
export async function loadCase(viewer: Viewer, reportId: number) {
  if (!canModerate(viewer)) throw notFound();
  const report = await reports.findReport(reportId);
  if (!report) throw notFound(NO_CASE);
  return { report, subject: await subjectNow(report.subjectKind, report.subjectId) };
}

/** The member an action concerns, if the actor may act on them; NOT_FOUND for non-moderators and missing members. */
async function actionableMember(actor: Viewer, memberId: string): Promise<AccountRow> {
  if (!canModerate(actor)) throw notFound();
  const member = await findAccount(memberId);
  if (!member) throw notFound('We could not find that member.');
  if (!canActOnMember(actor, member)) throw new AppError('FORBIDDEN', REFUSED);
  return member;
}

/** Closes a case's open reports with an outcome, inside the transaction; returns the notices for their reporters. */
async function closeCase(
  tx: DbOrTx,
  actor: MemberViewer,
  kind: ReportSubject,
  subjectId: string,
  title: string,
  outcome: { actioned: boolean; reason: string },
  now: Date,
): Promise<{ notices: Notice[]; closed: number[] }> {
  const closed = await reports.closeOpenReports(
    kind,
    subjectId,
    { status: outcome.actioned ? 'actioned' : 'dismissed', by: actor.id, resolution: outcome.reason, at: now },
    tx,
  );
  const reporters = [...new Set(closed.map((r) => r.reporterId).filter((id): id is string => id !== null))];
  return {
    notices: reporters.map((id) => moderationNotices.reportClosed(id, kind, title, outcome.actioned, outcome.reason)),
    closed: closed.map((r) => r.id),
  };
}

/** Runs a moderation write and its notices in one transaction, then sends the emails. */
async function commit(write: (tx: Tx) => Promise<Notice[]>, now: Date): Promise<void> {
  const rows = await getDb().transaction(async (tx) => notify(tx, await write(tx), now));
  await deliverEmails(rows, now);
}

/** Nothing wrong found: the case's open reports close and their reporters are told, with the moderator's words. */
export async function dismissCase(actor: MemberViewer, input: { reportId: number; reason: string }, now = new Date()) {
  const { report } = await loadCase(actor, input.reportId);
  await commit(async (tx) => {
    const { notices, closed } = await closeCase(
      tx,
      actor,
      report.subjectKind,
      report.subjectId,
      report.snapshot.title,
      { actioned: false, reason: input.reason },
      now,
    );
    if (closed.length === 0) throw new AppError('CONFLICT', 'This case is already closed.');
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: 'report.dismiss',
        subject: { kind: report.subjectKind, id: report.subjectId },
        memberId: report.subjectOwnerId,
        reason: input.reason,
        detail: { reports: closed },
      },
      now,
    );
    return notices;
  }, now);
}

async function setHidden(
  actor: MemberViewer,
  input: { reportId: number; reason: string },
  hidden: boolean,
  now: Date,
): Promise<Subject> {
  const { subject } = await loadCase(actor, input.reportId);
  if (!subject) throw new AppError('CONFLICT', 'It is gone already: its owner deleted it.');
  const owner = await actionableMember(actor, subject.ownerId);
  if (subject.hidden === hidden) throw new AppError('CONFLICT', hidden ? 'It is already hidden.' : 'It is not hidden.');
  await commit(async (tx) => {
    // Conditional write: another moderator may have acted a moment ago, or the owner deleted it.
    if (!(await setSubjectHidden(tx, subject.kind, subject.id, hidden, now)))
      throw new AppError(
        'CONFLICT',
        (await subjectNow(subject.kind, subject.id))
          ? `Another moderator ${hidden ? 'hid' : 'restored'} it a moment ago.`
          : 'It is gone already: its owner deleted it.',
      );
    const closing = hidden
      ? await closeCase(
          tx,
          actor,
          subject.kind,
          subject.id,
          subject.title,
          { actioned: true, reason: input.reason },
          now,
        )
      : { notices: [], closed: [] };
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: hidden ? 'content.hide' : 'content.restore',
        subject: { kind: subject.kind, id: subject.id },
        memberId: owner.id,
        reason: input.reason,
        detail: { title: subject.title, reports: closing.closed },
      },
      now,
    );
    const told = hidden
      ? moderationNotices.hidden(owner.id, subject.kind, subject.title, subject.url, input.reason)
      : moderationNotices.restored(owner.id, subject.kind, subject.title, subject.url, input.reason);
    return [told, ...closing.notices];
  }, now);
  dataChanged('people', 'events', 'lists');
  return subject;
}

/**
 * Hides the reported thing: it disappears for everyone but its owner and moderators
 * (who see why), search drops it through the outbox, the case closes as actioned.
 */
export function hideSubject(actor: MemberViewer, input: { reportId: number; reason: string }, now = new Date()) {
  return setHidden(actor, input, true, now);
}

/** Restores a hidden thing: it is back for everyone and in search; its owner is told why. */
export function restoreSubject(actor: MemberViewer, input: { reportId: number; reason: string }, now = new Date()) {
  return setHidden(actor, input, false, now);
}

/** Closes the case a member action came from, if it was one. */
async function closeCaseIfAny(tx: Tx, actor: MemberViewer, reportId: number | undefined, reason: string, now: Date) {
  if (reportId === undefined) return { notices: [], closed: [] as number[] };
  const report = await reports.findReport(reportId);
  if (!report) return { notices: [], closed: [] as number[] };
  return closeCase(
    tx,
    actor,
    report.subjectKind,
    report.subjectId,
    report.snapshot.title,
    { actioned: true, reason },
    now,
  );
}

/** A warning the member reads in their inbox (and email); nothing else changes. */
export async function warnMember(
  actor: MemberViewer,
  input: { memberId: string; reason: string; reportId?: number | undefined },
  now = new Date(),
) {
  const member = await actionableMember(actor, input.memberId);
  await commit(async (tx) => {
    const closing = await closeCaseIfAny(tx, actor, input.reportId, input.reason, now);
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: 'member.warn',
        memberId: member.id,
        reason: input.reason,
        detail: { reports: closing.closed },
      },
      now,
    );
    return [moderationNotices.warned(member.id, input.reason), ...closing.notices];
  }, now);
}

/**
 * Suspends a member for a period or until lifted (suspending again changes the end).
 * They may then only sign in to read why, download their data and appeal; they leave
 * the community at once (withdrawMember: requests closed, events handed to a co-host or
 * cancelled, profile, lists and events gone from pages and search).
 */
export async function suspendMember(
  actor: MemberViewer,
  input: { memberId: string; reason: string; length: SuspensionLength; reportId?: number | undefined },
  now = new Date(),
): Promise<{ until: Date | null }> {
  const member = await actionableMember(actor, input.memberId);
  const until = suspensionEnd(input.length, now);
  const untilText = until ? formatDate(until, 'UTC') : null;
  const extra: Notice[] = [];
  const rows = await getDb().transaction(async (tx) => {
    await suspendAccount(tx, member.id, now, until);
    const withdrawn = member.suspendedAt ? [] : (await withdrawMember(tx, member.id, now)).rows;
    const closing = await closeCaseIfAny(tx, actor, input.reportId, input.reason, now);
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: 'member.suspend',
        memberId: member.id,
        reason: input.reason,
        detail: { until: until?.toISOString() ?? null, length: input.length, reports: closing.closed },
      },
      now,
    );
    extra.push(moderationNotices.suspended(member.id, untilText, input.reason), ...closing.notices);
    return [...withdrawn, ...(await notify(tx, extra, now))];
  });
  await deliverEmails(rows, now);
  dataChanged('people', 'events', 'lists');
  return { until };
}

/**
 * Lifts a suspension: the member is back in sight and search (what closed while they
 * were away stays closed) and is told why; an open appeal is answered as granted.
 * `actor` null is the site itself, when a suspension's period ends.
 */
export async function liftSuspension(
  actor: MemberViewer | null,
  input: { memberId: string; reason: string },
  now = new Date(),
): Promise<void> {
  if (actor) await actionableMember(actor, input.memberId);
  await commit(async (tx) => {
    if (!(await liftAccountSuspension(tx, input.memberId, now)))
      throw new AppError('CONFLICT', 'This member is not suspended.');
    await restoreMember(tx, input.memberId, now);
    await answerOpenAppeal(
      input.memberId,
      { status: 'granted', by: actor?.id ?? null, text: input.reason, at: now },
      tx,
    );
    await recordAudit(
      tx,
      { actorId: actor?.id ?? null, action: 'member.lift', memberId: input.memberId, reason: input.reason },
      now,
    );
    return [moderationNotices.lifted(input.memberId, input.reason)];
  }, now);
  dataChanged('people', 'events', 'lists');
}

/**
 * From a reported request's own page: a moderator closes the open reports on it (and on
 * its messages) as needing no action; the thread is private again. Participants are
 * refused (403), everyone else finds nothing (404).
 */
export async function dismissRequestReports(
  actor: MemberViewer,
  input: { id: string; reason?: string | undefined },
  now = new Date(),
): Promise<number> {
  const { role } = await loadForViewer(input.id, actor);
  if (role !== 'moderator') throw new AppError('FORBIDDEN', 'Only moderators resolve reports.');
  const reason = input.reason?.trim() || 'A moderator read the conversation and found nothing that needed action.';
  const open = await reports.openOnRequest(input.id);
  await commit(async (tx) => {
    const notices: Notice[] = [];
    for (const subject of open) {
      const latest = (await reports.reportsOnSubject(subject.subjectKind, subject.subjectId))[0];
      const closing = await closeCase(
        tx,
        actor,
        subject.subjectKind,
        subject.subjectId,
        latest?.report.snapshot.title ?? 'a request',
        { actioned: false, reason },
        now,
      );
      notices.push(...closing.notices);
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          action: 'report.dismiss',
          subject: { kind: subject.subjectKind, id: subject.subjectId },
          memberId: latest?.report.subjectOwnerId ?? null,
          reason,
          detail: { reports: closing.closed },
        },
        now,
      );
    }
    return notices;
  }, now);
  return open.length;
}
