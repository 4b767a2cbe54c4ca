import type { DbOrTx } from '#db/client.ts';
import type { ReportStatus, ReportSubject } from '#db/schema/index.ts';
import * as repo from './reports.repo.ts';

/*
 * The store of reports, low in the tree so that the features a report can be about use
 * it without a cycle: requests asks whether a thread may be read by moderators while a
 * report is open; the moderation feature files, lists and closes reports through it and
 * decides who may (src/features/moderation).
 */

export type { QueueQuery, ReportRow } from './reports.repo.ts';

/** Whether moderators may read a request's thread: a report on it, or on a message in it, is open. */
export function hasOpenReportOnRequest(requestId: string): Promise<boolean> {
  return repo.hasOpenOnRequest(requestId);
}

/** Files a report inside the caller's transaction; null when the reporter already reported this thing. */
export function insertReport(row: repo.NewReportRow, tx: DbOrTx): Promise<number | null> {
  return repo.insertReport(row, tx);
}

export const findReport = (id: number) => repo.findReport(id);
export const reportsBy = (reporterId: string, limit = 100) => repo.reportsBy(reporterId, limit);
export const reportsOnSubject = (kind: ReportSubject, id: string) => repo.reportsOnSubject(kind, id);
export const openQueue = (query: repo.QueueQuery) => repo.openQueue(query);
export const countOpenSubjects = () => repo.countOpenSubjects();
export const openOnRequest = (requestId: string) => repo.openOnRequest(requestId);
export const moderatorIds = (limit = 20) => repo.moderatorIds(limit);

/** Reports about a member's other things, for the history a moderator reads beside a case. */
export function reportsAboutMember(ownerId: string, except: { kind: ReportSubject; id: string } | null, limit = 20) {
  return repo.reportsAboutMember(ownerId, except, limit);
}

/** Closes the open reports on a thing inside the caller's transaction; returns them (to tell their reporters). */
export function closeOpenReports(
  kind: ReportSubject,
  subjectId: string,
  outcome: { status: Exclude<ReportStatus, 'open'>; by: string; resolution: string; at: Date },
  tx: DbOrTx,
) {
  return repo.closeOpenOnSubject(kind, subjectId, outcome, tx);
}

export const reportsByIds = (ids: number[]) => repo.reportsByIds(ids);
