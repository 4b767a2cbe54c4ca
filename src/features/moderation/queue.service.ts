import type { ReportSubject } from '#db/schema/index.ts';
import { findAccount, findAccountByHandle } from '#features/accounts/standing.service.ts';
import { moderationHistoryOf } from '#features/audit/audit.service.ts';
import type { Viewer } from '#features/members/viewer.ts';
import * as reports from '#features/reports/reports.service.ts';
import { notFound } from '#server/errors.ts';
import { loadCase } from './actions.service.ts';
import { openAppeals } from './appeals.repo.ts';
import { STATUS_LABELS, SUBJECT_LABELS } from './moderation.ts';
import { canActOnMember, canModerate } from './permissions.ts';

export type QueueSort = 'newest' | 'most';

/**
 * The moderation queue: every thing with open reports, once, newest or most-reported
 * first, with what it said when last reported; and the open appeals. NOT_FOUND for
 * anyone who may not moderate.
 */
export async function moderationQueue(viewer: Viewer, query: { sort: QueueSort; kinds?: ReportSubject[] }) {
  if (!canModerate(viewer)) throw notFound();
  const [cases, appeals] = await Promise.all([
    reports.openQueue({ sort: query.sort, kinds: query.kinds, limit: 100 }),
    openAppeals(50),
  ]);
  const latest = new Map((await reports.reportsByIds(cases.map((c) => c.latestId))).map((r) => [r.id, r]));
  return {
    cases: cases.map((c) => {
      const report = latest.get(c.latestId)!;
      return {
        reportId: c.latestId,
        kind: c.subjectKind,
        kindLabel: SUBJECT_LABELS[c.subjectKind],
        title: report.snapshot.title,
        requestId: c.requestId,
        openReports: c.openReports,
        latestAt: c.latestAt ?? report.createdAt,
        latestReason: report.reason,
        owner: c.owner,
      };
    }),
    appeals: appeals.map((a) => ({ ...a.appeal, member: a.member })),
  };
}

/** A member's standing and their history with the moderators: reports about their things and actions taken. */
async function memberRecord(viewer: Viewer, memberId: string, except: { kind: ReportSubject; id: string } | null) {
  const [member, earlier, actions] = await Promise.all([
    findAccount(memberId),
    reports.reportsAboutMember(memberId, except),
    moderationHistoryOf(memberId),
  ]);
  if (!member) return null;
  return {
    member: {
      id: member.id,
      handle: member.handle,
      displayName: member.displayName,
      role: member.role,
      suspendedAt: member.suspendedAt,
      suspendedUntil: member.suspendedUntil,
      leaving: member.deletionDueAt !== null,
    },
    canAct: canActOnMember(viewer, member),
    earlierReports: earlier.map((r) => ({
      id: r.id,
      kindLabel: SUBJECT_LABELS[r.subjectKind],
      title: r.snapshot.title,
      reason: r.reason,
      status: STATUS_LABELS[r.status],
      createdAt: r.createdAt,
    })),
    actions: actions.map((a) => ({
      action: a.entry.action,
      reason: a.entry.reason,
      at: a.entry.at,
      by: a.actor?.displayName ?? (a.entry.actorId ? 'A former member' : 'whoknows'),
    })),
  };
}

/**
 * One case: the thing as it is now and as each report saw it, who reported it and
 * why, and the member's history. The thread of a reported request is read on its own
 * page, while a report on it is open (and that reading is logged).
 */
export async function caseView(viewer: Viewer, reportId: number) {
  const { report, subject } = await loadCase(viewer, reportId);
  const [all, record] = await Promise.all([
    reports.reportsOnSubject(report.subjectKind, report.subjectId),
    memberRecord(viewer, report.subjectOwnerId, { kind: report.subjectKind, id: report.subjectId }),
  ]);
  const open = all.some((r) => r.report.status === 'open');
  return {
    reportId,
    kind: report.subjectKind,
    kindLabel: SUBJECT_LABELS[report.subjectKind],
    subject,
    open,
    threadUrl: open && report.requestId ? `/requests/${report.requestId}` : null,
    reports: all.map(({ report: r, reporter }) => ({
      id: r.id,
      reporter: reporter?.displayName ?? 'A former member',
      reporterHandle: reporter?.handle ?? null,
      reason: r.reason,
      details: r.details,
      snapshot: r.snapshot,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status],
      resolution: r.resolution,
      createdAt: r.createdAt,
    })),
    record,
  };
}

/** A member's moderation page: standing, history, and the actions the viewer may take. */
export async function memberModeration(viewer: Viewer, handle: string) {
  if (!canModerate(viewer)) throw notFound();
  const account = await findAccountByHandle(handle);
  if (!account) throw notFound('We could not find that member.');
  const record = await memberRecord(viewer, account.id, null);
  if (!record) throw notFound('We could not find that member.');
  return record;
}

/** The reports on a request and its messages, for the moderator reading it (the request page checked they may). */
export async function reportsOnRequestFor(viewer: Viewer, requestId: string) {
  if (!canModerate(viewer)) return [];
  const subjects = await reports.openOnRequest(requestId);
  const all = await Promise.all(subjects.map((s) => reports.reportsOnSubject(s.subjectKind, s.subjectId)));
  return all.flat().map(({ report, reporter }) => ({
    id: report.id,
    kindLabel: SUBJECT_LABELS[report.subjectKind],
    reporter: reporter?.displayName ?? 'A former member',
    reason: report.reason,
    details: report.details,
    status: report.status,
    createdAt: report.createdAt,
  }));
}
