import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { mentoringSessions, mentorshipItems, rateLimits } from '#db/schema/index.ts';
import { sendRequestReminders } from '#features/requests/jobs/request-jobs.ts';
import { cancelRequest } from '#features/requests/lifecycle/lifecycle.service.ts';
import {
  answerMove,
  answerSession,
  cancelSession,
  proposeSession,
  rescheduleSession,
} from '#features/requests/sessions/mentoring-sessions.service.ts';
import { requestsFeedEntries } from '#features/requests/sessions/session-calendar.ts';
import { isAppError } from '#server/errors.ts';
import { toLocalInputValue } from '#server/time/zones.ts';
import { createMember, createRequest, type Member } from '#tests/helpers/factories.ts';
import { as, noticesFor, requestRow } from './helpers.ts';

const DAY = 86_400_000;

beforeEach(async () => {
  await getDb().delete(rateLimits);
});

const sessionsOf = (requestId: string) =>
  getDb()
    .select()
    .from(mentoringSessions)
    .where(eq(mentoringSessions.requestId, requestId))
    .orderBy(mentoringSessions.position);

/** A datetime-local value in `zone` for an instant. */
const at = (instant: Date, zone = 'UTC') => toLocalInputValue(instant, zone);

async function mentorship(): Promise<{ mentor: Member; mentee: Member; id: string; first: Date }> {
  const mentor = await createMember({ timezone: 'Europe/Berlin' });
  const mentee = await createMember({ timezone: 'America/Sao_Paulo' });
  const first = new Date(Date.now() + 3 * DAY);
  first.setUTCMinutes(0, 0, 0);
  const id = await createRequest({
    requester: mentee,
    recipient: mentor,
    kind: 'ongoing',
    state: 'accepted',
    sessionStartsAt: first,
  });
  return { mentor, mentee, id, first };
}

async function code(p: Promise<unknown>): Promise<string | null> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return isAppError(error) ? error.code : error === null ? null : String(error);
}

describe('sessions of a mentorship', () => {
  it('has any number of sessions: either side proposes the next, only the other accepts', async () => {
    const { mentor, mentee, id } = await mentorship();
    const next = new Date(Date.now() + 17 * DAY);
    next.setUTCMinutes(30, 0, 0);
    await proposeSession(as(mentee), { id, startsAt: at(next, 'America/Sao_Paulo'), timezone: 'America/Sao_Paulo' });
    const proposed = (await sessionsOf(id))[1]!;
    expect(proposed).toMatchObject({ state: 'proposed', proposedBy: mentee.id, position: 2 });
    expect(proposed.startsAt.getTime()).toBe(next.getTime());
    expect((await noticesFor(mentor.id)).some((n) => n.kind === 'session.proposed')).toBe(true);
    // The one who proposed cannot accept their own proposal.
    expect(await code(answerSession(as(mentee), { id, sessionId: proposed.id, answer: 'accept' }))).toBe('FORBIDDEN');
    await answerSession(as(mentor), { id, sessionId: proposed.id, answer: 'accept' });
    expect((await sessionsOf(id))[1]!.state).toBe('scheduled');
    // A third, proposed by the mentor, declined by the mentee.
    await proposeSession(as(mentor), { id, startsAt: at(new Date(next.getTime() + 14 * DAY)), timezone: 'UTC' });
    const third = (await sessionsOf(id))[2]!;
    await answerSession(as(mentee), { id, sessionId: third.id, answer: 'decline' });
    expect((await sessionsOf(id)).map((s) => s.state)).toEqual(['scheduled', 'scheduled', 'declined']);
  });

  it('moves a session only when the other side accepts; calendars get the new time with SEQUENCE bumped', async () => {
    const { mentor, mentee, id, first } = await mentorship();
    const [session] = await sessionsOf(id);
    const before = (await requestsFeedEntries(mentee.id)).find((e) => e.uid === `request-${id}@whoknows`)!;
    const later = new Date(first.getTime() + 2 * DAY);
    await rescheduleSession(as(mentor), {
      id,
      sessionId: session!.id,
      startsAt: at(later, 'Europe/Berlin'),
      timezone: 'Europe/Berlin',
    });
    let row = (await sessionsOf(id))[0]!;
    expect(row.state).toBe('moving');
    // The old time holds while the other side thinks about it.
    expect(row.startsAt.getTime()).toBe(first.getTime());
    expect(await code(answerMove(as(mentor), { id, sessionId: row.id, answer: 'accept' }))).toBe('FORBIDDEN');
    await answerMove(as(mentee), { id, sessionId: row.id, answer: 'accept' });
    row = (await sessionsOf(id))[0]!;
    expect(row).toMatchObject({ state: 'scheduled', moveStartsAt: null, sequence: session!.sequence + 1 });
    expect(row.startsAt.getTime()).toBe(later.getTime());
    expect((await requestRow(id))!.sessionStartsAt!.getTime()).toBe(later.getTime());
    for (const member of [mentor, mentee]) {
      const entry = (await requestsFeedEntries(member.id)).find((e) => e.uid === `request-${id}@whoknows`)!;
      expect(entry.start.getTime()).toBe(later.getTime());
      expect(entry.sequence).toBeGreaterThan(before.sequence);
    }
    expect((await noticesFor(mentor.id)).some((n) => n.kind === 'session.moved')).toBe(true);
  });

  it('keeps the old time when the move is declined or taken back', async () => {
    const { mentor, mentee, id, first } = await mentorship();
    const [s] = await sessionsOf(id);
    const later = at(new Date(first.getTime() + DAY));
    await rescheduleSession(as(mentee), { id, sessionId: s!.id, startsAt: later, timezone: 'UTC' });
    await answerMove(as(mentor), { id, sessionId: s!.id, answer: 'decline' });
    expect((await sessionsOf(id))[0]).toMatchObject({ state: 'scheduled', startsAt: first, sequence: s!.sequence });
    await rescheduleSession(as(mentor), { id, sessionId: s!.id, startsAt: later, timezone: 'UTC' });
    await answerMove(as(mentor), { id, sessionId: s!.id, answer: 'withdraw' });
    expect((await sessionsOf(id))[0]).toMatchObject({ state: 'scheduled', startsAt: first });
  });

  it('cancels one session without ending the mentorship; the feed marks it cancelled', async () => {
    const { mentor, mentee, id } = await mentorship();
    const [s] = await sessionsOf(id);
    await cancelSession(as(mentee), { id, sessionId: s!.id, reason: 'Sick today' });
    expect((await sessionsOf(id))[0]).toMatchObject({ state: 'cancelled', closeReason: 'Sick today' });
    expect((await requestRow(id))!.state).toBe('accepted');
    const entry = (await requestsFeedEntries(mentor.id)).find((e) => e.uid === `request-${id}@whoknows`)!;
    expect(entry.status).toBe('CANCELLED');
    // Still accepted: the next one can be proposed.
    await proposeSession(as(mentor), { id, startsAt: at(new Date(Date.now() + 9 * DAY)), timezone: 'UTC' });
    expect(await sessionsOf(id)).toHaveLength(2);
  });

  it('answers NOT_FOUND to anyone but the two participants, and CONFLICT once the request closed', async () => {
    const { mentor, mentee, id } = await mentorship();
    const stranger = await createMember();
    const moderator = await createMember({ role: 'moderator' });
    const [s] = await sessionsOf(id);
    const when = at(new Date(Date.now() + 9 * DAY));
    expect(await code(proposeSession(as(stranger), { id, startsAt: when, timezone: 'UTC' }))).toBe('NOT_FOUND');
    expect(await code(cancelSession(as(stranger), { id, sessionId: s!.id }))).toBe('NOT_FOUND');
    expect(await code(proposeSession(as(moderator, 'moderator'), { id, startsAt: when, timezone: 'UTC' }))).toBe(
      'NOT_FOUND',
    );
    // A session of another request is not found through this one.
    const other = await mentorship();
    const [foreign] = await sessionsOf(other.id);
    expect(await code(cancelSession(as(mentee), { id, sessionId: foreign!.id }))).toBe('NOT_FOUND');
    await cancelRequest(as(mentor), { id });
    expect((await sessionsOf(id))[0]!.state).toBe('cancelled');
    expect(await code(proposeSession(as(mentee), { id, startsAt: when, timezone: 'UTC' }))).toBe('CONFLICT');
  });

  it('refuses a time in the past beside the field, and ad-hoc help keeps one session at a time', async () => {
    const { mentee, id } = await mentorship();
    const past = at(new Date(Date.now() - DAY));
    const error = await proposeSession(as(mentee), { id, startsAt: past, timezone: 'UTC' }).catch((e: unknown) => e);
    expect(isAppError(error) && error.fields).toHaveProperty('startsAt');
    const helper = await createMember();
    const adhoc = await createRequest({
      requester: mentee,
      recipient: helper,
      kind: 'adhoc',
      state: 'accepted',
      sessionStartsAt: new Date(Date.now() + 2 * DAY),
    });
    expect(
      await code(
        proposeSession(as(mentee), { id: adhoc, startsAt: at(new Date(Date.now() + 5 * DAY)), timezone: 'UTC' }),
      ),
    ).toBe('CONFLICT');
  });

  it('lets exactly one of a move accepted and a cancel at the same moment win', async () => {
    const { mentor, mentee, id, first } = await mentorship();
    const [s] = await sessionsOf(id);
    await rescheduleSession(as(mentor), {
      id,
      sessionId: s!.id,
      startsAt: at(new Date(first.getTime() + DAY)),
      timezone: 'UTC',
    });
    const results = await Promise.allSettled([
      answerMove(as(mentee), { id, sessionId: s!.id, answer: 'accept' }),
      cancelSession(as(mentor), { id, sessionId: s!.id }),
    ]);
    const row = (await sessionsOf(id))[0]!;
    expect(['scheduled', 'cancelled']).toContain(row.state);
    // The loser changed nothing: the counter went up exactly once.
    expect(row.sequence).toBe(s!.sequence + 1);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
  });
});

describe('reminders of sessions and check-ins', () => {
  it('reminds both sides the day before each session, again after a move, and once per check-in', async () => {
    const { mentor, mentee, id } = await mentorship();
    const soon = new Date(Date.now() + 20 * 3_600_000);
    soon.setUTCMinutes(0, 0, 0);
    await proposeSession(as(mentor), { id, startsAt: at(soon), timezone: 'UTC' });
    const s = (await sessionsOf(id))[1]!;
    await answerSession(as(mentee), { id, sessionId: s.id, answer: 'accept' });
    const today = new Date().toISOString().slice(0, 10);
    await getDb().insert(mentorshipItems).values({
      requestId: id,
      kind: 'checkin',
      text: 'Review the first milestone',
      dueOn: today,
      createdBy: mentor.id,
      createdAt: new Date(),
    });
    await Promise.all([sendRequestReminders(), sendRequestReminders()]);
    await sendRequestReminders();
    const kinds = async (m: Member) => (await noticesFor(m.id)).map((n) => n.kind);
    for (const m of [mentor, mentee]) {
      expect((await kinds(m)).filter((k) => k === 'session.reminder')).toHaveLength(1);
      expect((await kinds(m)).filter((k) => k === 'plan.checkin_due')).toHaveLength(1);
    }
    // Moved to another time within the day: reminded again.
    await rescheduleSession(as(mentee), {
      id,
      sessionId: s.id,
      startsAt: at(new Date(soon.getTime() + 3_600_000)),
      timezone: 'UTC',
    });
    await answerMove(as(mentor), { id, sessionId: s.id, answer: 'accept' });
    await sendRequestReminders();
    expect((await kinds(mentor)).filter((k) => k === 'session.reminder')).toHaveLength(2);
  });
});
