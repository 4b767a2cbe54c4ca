import { getDb } from '#db/client.ts';
import { requireVerifiedEmail } from '#features/members/verified-email.ts';
import { isModerator, type MemberViewer, type Viewer } from '#features/members/viewer.ts';
import { deliverEmails, notify } from '#features/notifications/notifications.service.ts';
import { notices } from '#features/requests/request-notices.ts';
import { noticeRequest } from '#features/requests/request-writes.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { AppError, notFound } from '#server/errors.ts';
import * as repo from './reports.repo.ts';

/** How many moderators hear about one report. */
const MODERATOR_FANOUT = 20;

/**
 * A participant reports a request to the moderators, who may then read its thread
 * until the report is resolved. Rate-limited per member.
 */
export async function reportRequest(
  actor: MemberViewer,
  input: { id: string; reason: string },
  now = new Date(),
): Promise<void> {
  const { detail: d, role } = await loadForViewer(input.id, actor);
  if (role !== 'requester' && role !== 'recipient')
    throw new AppError('FORBIDDEN', 'Only the two people in a request can report it.');
  await requireVerifiedEmail(actor, 'send reports');
  await enforceRateLimit(RATE_LIMITS.reportsPerMember, actor.id, now);
  const moderators = (await repo.moderatorIds(MODERATOR_FANOUT)).filter((m) => m.id !== actor.id);
  const rows = await getDb().transaction(async (tx) => {
    await repo.insertReport(
      { requestId: d.request.id, reporterId: actor.id, reason: input.reason, createdAt: now },
      tx,
    );
    return notify(
      tx,
      moderators.map((m) => notices.reported(noticeRequest(d), m.id)),
      now,
    );
  });
  await deliverEmails(rows, now);
}

/** A moderator closes the open reports on a request; its thread is private again. */
export async function resolveReports(actor: MemberViewer, input: { id: string }, now = new Date()): Promise<number> {
  const { role } = await loadForViewer(input.id, actor);
  if (role !== 'moderator') throw new AppError('FORBIDDEN', 'Only moderators resolve reports.');
  return getDb().transaction((tx) => repo.resolveReports(input.id, actor.id, now, tx));
}

/** The moderation queue of reported requests; members get 404, as if it did not exist. */
export async function listReportedRequests(viewer: Viewer) {
  if (!isModerator(viewer)) throw notFound();
  return repo.openReportQueue(100);
}

/** The reports on a request, for the moderator reading it. */
export function reportsFor(requestId: string) {
  return repo.reportsOn(requestId);
}
