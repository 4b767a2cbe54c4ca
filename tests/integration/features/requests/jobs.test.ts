import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { SCHEDULED_JOBS } from '#app/scheduled-jobs.ts';
import { getDb } from '#db/client.ts';
import { requestMessages } from '#db/schema/index.ts';
import { expireRequests, sendRequestReminders } from '#features/requests/jobs/request-jobs.ts';
import { sessionsOfRequest } from '#features/requests/sessions/mentoring-sessions.repo.ts';
import { createMember, createRequest, type Member } from '#tests/helpers/factories.ts';
import { noticesFor, requestRow } from './helpers.ts';

const DAY = 86_400_000;
let requester: Member;
let helper: Member;
beforeEach(async () => {
  requester = await createMember();
  helper = await createMember({ timezone: 'Asia/Tokyo' });
});

describe('expiry', () => {
  it('expires open requests unanswered after 14 days, and tells both sides', async () => {
    const now = new Date();
    const stale = await createRequest({ requester, recipient: helper, createdAt: new Date(now.getTime() - 15 * DAY) });
    const fresh = await createRequest({ requester, recipient: helper, createdAt: new Date(now.getTime() - 13 * DAY) });
    const accepted = await createRequest({
      requester,
      recipient: helper,
      state: 'accepted',
      createdAt: new Date(now.getTime() - 30 * DAY),
    });
    const call = await createRequest({ requester, createdAt: new Date(now.getTime() - 15 * DAY) });

    expect(await expireRequests(now)).toBe(2);
    expect((await requestRow(stale))!.state).toBe('expired');
    expect((await requestRow(call))!.state).toBe('expired');
    expect((await requestRow(fresh))!.state).toBe('open');
    expect((await requestRow(accepted))!.state).toBe('accepted');
    expect((await noticesFor(requester.id)).filter((n) => n.kind === 'request.expired')).toHaveLength(2);
    expect((await noticesFor(helper.id)).filter((n) => n.kind === 'request.expired')).toHaveLength(1);
    const events = await getDb().select().from(requestMessages).where(eq(requestMessages.requestId, stale));
    expect(events.map((e) => e.kind)).toEqual(['event']);
    // Running again changes nothing.
    expect(await expireRequests(now)).toBe(0);
  });

  it('is a scheduled job that also runs at start-up', () => {
    const job = SCHEDULED_JOBS.find((j) => j.name === 'expire unanswered requests');
    expect(job).toMatchObject({ runAtStart: true });
    expect(job!.everyMs).toBeLessThanOrEqual(60 * 60 * 1000);
  });
});

describe('reminders', () => {
  it('reminds both people once, the day before a session, in their own zone', async () => {
    const now = new Date();
    const soon = await createRequest({
      requester,
      recipient: helper,
      state: 'accepted',
      sessionStartsAt: new Date(now.getTime() + 5 * 3_600_000),
    });
    const later = await createRequest({
      requester,
      recipient: helper,
      state: 'accepted',
      sessionStartsAt: new Date(now.getTime() + 3 * DAY),
    });
    await sendRequestReminders(now);
    await sendRequestReminders(now);
    const forHelper = (await noticesFor(helper.id)).filter((n) => n.kind === 'session.reminder');
    expect(forHelper).toHaveLength(1);
    expect(forHelper[0]!.body).toMatch(/\(Asia\/Tokyo\)/);
    expect((await noticesFor(requester.id)).filter((n) => n.kind === 'session.reminder')).toHaveLength(1);
    expect((await sessionsOfRequest(soon))[0]!.reminderSentAt).not.toBeNull();
    expect((await sessionsOfRequest(later))[0]!.reminderSentAt).toBeNull();
  });

  it('warns a helper three days before an unanswered request expires, once', async () => {
    const now = new Date();
    const due = await createRequest({ requester, recipient: helper, createdAt: new Date(now.getTime() - 12 * DAY) });
    await createRequest({
      requester,
      recipient: helper,
      createdAt: new Date(now.getTime() - 12 * DAY),
      firstAnsweredAt: now,
    });
    await createRequest({ requester, recipient: helper, createdAt: new Date(now.getTime() - 2 * DAY) });
    await sendRequestReminders(now);
    await sendRequestReminders(now);
    const warnings = (await noticesFor(helper.id)).filter((n) => n.kind === 'request.reminder');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ userId: helper.id, url: `/requests/${due}` });
  });
});
