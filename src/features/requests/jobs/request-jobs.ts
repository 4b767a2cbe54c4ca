import { getDb } from '#db/client.ts';
import { deliverEmails, type Notice, notify } from '#features/notifications/notifications.service.ts';
import { notices } from '#features/requests/request-notices.ts';
import { transition } from '#features/requests/request-state.ts';
import { noticeRequest } from '#features/requests/request-writes.ts';
import * as repo from '#features/requests/requests.repo.ts';
import * as sessionsRepo from '#features/requests/sessions/mentoring-sessions.repo.ts';
import { releaseSessions } from '#features/requests/sessions/mentoring-sessions.service.ts';
import { sessionNotices } from '#features/requests/sessions/session-notices.ts';
import { insertMessage } from '#features/requests/thread/thread.repo.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import * as jobs from './request-jobs.repo.ts';

const HOUR = 3_600_000;
const BATCH = 200;

/**
 * Expires open requests nobody answered in time (14 days, longer if they were being
 * discussed). Runs on a schedule and at start-up, so requests that ran out while the
 * server was down expire as soon as it is back. Each one is a conditional update, so
 * an answer that lands at the same moment wins or loses cleanly.
 */
export async function expireRequests(now = new Date()): Promise<number> {
  let expired = 0;
  for (;;) {
    const ids = await jobs.dueForExpiry(now, BATCH);
    if (ids.length === 0) break;
    const rows = await getDb().transaction(async (tx) => {
      const out: Notice[] = [];
      for (const id of ids) {
        const d = await repo.findRequestDetail(id, tx);
        if (!d) continue;
        const move = transition(d.request.state, 'expire', 'system');
        if (!move.ok || !(await repo.moveState(id, move, { closedAt: now, updatedAt: now }, tx))) continue;
        expired++;
        // A slot the requester booked is free again.
        await releaseSessions(tx, id, now);
        await insertMessage(
          {
            requestId: id,
            authorId: null,
            kind: 'event',
            body: 'The request expired without an answer.',
            createdAt: now,
          },
          tx,
        );
        out.push(notices.expired(noticeRequest(d), d.requester, true));
        if (d.recipient) {
          out.push(notices.expired(noticeRequest(d), d.recipient, false));
          await enqueueIndexJob(tx, 'people', d.recipient.id, 'upsert', now);
        }
      }
      return notify(tx, out, now);
    });
    await deliverEmails(rows, now);
    if (ids.length < BATCH) break;
  }
  return expired;
}

/**
 * Reminders: both people the day before each scheduled session (again after a move),
 * a helper whose unanswered request expires within three days, and both sides of a
 * mentorship when a plan check-in is due (the day before and on the day). Each goes
 * out once, whichever process runs the job: the write that marks it is conditional.
 */
export async function sendRequestReminders(now = new Date()): Promise<number> {
  const dayAhead = new Date(now.getTime() + 24 * HOUR);
  const [sessions, warnings, checkins] = await Promise.all([
    sessionsRepo.sessionsToRemind(now, dayAhead, BATCH),
    jobs.requestsToWarn(new Date(now.getTime() + 72 * HOUR), BATCH),
    sessionsRepo.checkinsDue([now.toISOString().slice(0, 10), dayAhead.toISOString().slice(0, 10)], BATCH),
  ]);
  if (sessions.length + warnings.length + checkins.length === 0) return 0;
  const rows = await getDb().transaction(async (tx) => {
    const out: Notice[] = [];
    for (const { id } of sessions) {
      const s = await sessionsRepo.findSession(id, tx);
      const d = s && (await repo.findRequestDetail(s.requestId, tx));
      if (!s || !d?.recipient || !(await sessionsRepo.markReminded(id, now, tx))) continue;
      out.push(sessionNotices.reminder(noticeRequest(d), d.recipient, d.requester, s.startsAt));
      out.push(sessionNotices.reminder(noticeRequest(d), d.requester, d.recipient, s.startsAt));
    }
    for (const id of warnings) {
      const d = await repo.findRequestDetail(id, tx);
      if (!d?.recipient || !(await jobs.markOnce(id, 'expiryWarnedAt', now, tx))) continue;
      out.push(notices.expiringSoon(noticeRequest(d), d.requester, d.recipient));
    }
    for (const { item } of checkins) {
      const d = await repo.findRequestDetail(item.requestId, tx);
      if (!d?.recipient || !(await sessionsRepo.claimCheckinReminder(item.id, now, tx))) continue;
      for (const person of [d.requester, d.recipient])
        out.push(sessionNotices.checkinDue(noticeRequest(d), person, item.text, item.dueOn ?? ''));
    }
    return notify(tx, out, now);
  });
  await deliverEmails(rows, now);
  return rows.length;
}
