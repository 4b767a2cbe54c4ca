import { eq } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startDataExport } from '#app/data-export/export.ts';
import { getDb } from '#db/client.ts';
import {
  eventFeedback,
  events,
  mentoringRequests,
  mentoringRetrospectives,
  rateLimits,
  requestMessages,
  rsvps,
  sessions,
  users,
} from '#db/schema/index.ts';
import { rsvp } from '#features/events/rsvp.service.ts';
import {
  DELETION_GRACE_MS,
  finishDueDeletions,
  keepAccount,
  requestAccountDeletion,
} from '#features/leaving/account-deletion.service.ts';
import { getPublicProfile } from '#features/profiles/profiles.service.ts';
import { getRequestPage } from '#features/requests/request-page/request-page.service.ts';
import { postMessage } from '#features/requests/thread/thread.service.ts';
import { createSession } from '#server/auth/sessions.ts';
import { drainOutbox, searchIndex, stopSearch } from '#server/search/index.ts';
import {
  createEvent,
  createMember,
  createRequest,
  type Member,
  queuePeopleIndexing,
  TEST_PASSWORD,
} from '#tests/helpers/factories.ts';
import { as, noticesFor, requestRow } from '../requests/helpers.ts';

let leaver: Member;
let other: Member;
beforeEach(async () => {
  await getDb().delete(rateLimits);
  leaver = await createMember({ displayName: 'Zebulon Leaver', skills: [{ skill: 'Bun', canTeach: true }] });
  other = await createMember();
});
afterAll(() => stopSearch());

const peopleIds = async (q: string) => {
  await drainOutbox();
  const outcome = await searchIndex('people', { q, filters: {} });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.result.hits.map((h) => h.id);
};

describe('deleting an account', () => {
  it('asks for the password, beside the field; nothing changes on a wrong one', async () => {
    await expect(requestAccountDeletion(as(leaver), { password: 'not my password' })).rejects.toMatchObject({
      fields: { password: expect.any(String) },
    });
    const row = await getDb().select().from(users).where(eq(users.id, leaver.id)).get();
    expect(row!.deletionDueAt).toBeNull();
  });

  it('withdraws at once, keeps the account through the grace period, and signing in again keeps it', async () => {
    await createSession(leaver.id);
    const asked = await createRequest({ requester: other, recipient: leaver });
    await queuePeopleIndexing([leaver.id]);
    expect(await peopleIds('Zebulon')).toContain(leaver.id);
    const { dueAt } = await requestAccountDeletion(as(leaver), { password: TEST_PASSWORD });
    expect(dueAt.getTime() - Date.now()).toBeGreaterThan(DELETION_GRACE_MS - 60_000);

    expect(await getDb().select().from(sessions).where(eq(sessions.userId, leaver.id))).toEqual([]);
    await expect(getPublicProfile(leaver.handle, as(other))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await peopleIds('Zebulon')).not.toContain(leaver.id);
    expect((await requestRow(asked))!.state).not.toBe('open');
    expect((await noticesFor(other.id)).map((n) => n.kind)).toContain('request.closed');
    // Twice is refused, not doubled.
    await expect(requestAccountDeletion(as(leaver), { password: TEST_PASSWORD })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // The job leaves it alone until the grace period is over.
    expect(await finishDueDeletions(new Date())).toBe(0);

    expect(await keepAccount(leaver.id)).toBe(true);
    await expect(getPublicProfile(leaver.handle, as(other))).resolves.toBeTruthy();
    expect(await peopleIds('Zebulon')).toContain(leaver.id);
    expect(await keepAccount(leaver.id)).toBe(false);
  });

  it('after the grace period removes everything that identifies them; their messages stay as a former member’s', async () => {
    const shared = await createRequest({ requester: other, recipient: leaver, state: 'accepted' });
    await postMessage(as(leaver), { id: shared, body: 'Here is the Bun config I promised.' });
    const event = await createEvent({ organizer: other, capacity: 1 });
    await rsvp(as(leaver), event.id);
    const waiting = await createMember();
    await rsvp(as(waiting), event.id);

    const now = new Date();
    await requestAccountDeletion(as(leaver), { password: TEST_PASSWORD }, now);
    // Their seat went to the waitlist at once.
    const seats = await getDb().select().from(rsvps).where(eq(rsvps.eventId, event.id));
    expect(seats.find((s) => s.userId === waiting.id)!.status).toBe('going');
    expect((await getDb().select().from(events).where(eq(events.id, event.id)).get())!.goingCount).toBe(1);

    const later = new Date(now.getTime() + DELETION_GRACE_MS + 1000);
    const removed = await Promise.all([finishDueDeletions(later), finishDueDeletions(later)]);
    expect(removed[0]! + removed[1]!).toBe(1);
    expect(await getDb().select().from(users).where(eq(users.id, leaver.id))).toEqual([]);

    const page = await getRequestPage(as(other), shared);
    expect(page.otherLeft).toBe(true);
    const message = page.thread!.find((m) => m.body === 'Here is the Bun config I promised.');
    expect(message).toBeTruthy();
    expect(message!.author).toBeNull();
    const stored = await getDb().select().from(requestMessages).where(eq(requestMessages.requestId, shared));
    expect(stored.find((m) => m.body === 'Here is the Bun config I promised.')!.authorId).toBeNull();
    expect(stored.filter((m) => m.authorId === leaver.id)).toEqual([]);
    const req = await getDb().select().from(mentoringRequests).where(eq(mentoringRequests.id, shared)).get();
    expect(req!.recipientId).toBeNull();
    expect(JSON.stringify(await getRequestPage(as(other), shared))).not.toContain(leaver.handle);
  });

  it('refuses a suspended member (they may export and appeal, not vanish)', async () => {
    await getDb().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, leaver.id));
    await expect(requestAccountDeletion(as(leaver), { password: TEST_PASSWORD })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('downloading my data', () => {
  const read = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

  it('gives the member theirs as JSON and as a readable copy, rate-limited', async () => {
    const id = await createRequest({ requester: leaver, recipient: other, state: 'accepted' });
    await postMessage(as(leaver), { id, body: 'My own words, exported.' });
    const done = await createRequest({ requester: leaver, recipient: other, kind: 'ongoing', state: 'completed' });
    await getDb()
      .insert(mentoringRetrospectives)
      .values({ requestId: done, authorId: leaver.id, goalsMet: 'partly', learned: 'Bun workers.', wouldRepeat: true });
    const event = await createEvent({ organizer: other, startsAt: new Date(Date.now() - 3 * 86_400_000) });
    await getDb()
      .insert(eventFeedback)
      .values({ eventId: event.id, userId: leaver.id, rating: 4, worked: 'The live coding.', improve: '' });
    const json = await startDataExport(as(leaver), 'json');
    expect(json.contentType).toContain('application/json');
    const data = JSON.parse(await read(json.body));
    expect(data.account.email).toBe(leaver.email);
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining(['account', 'sessions', 'profile', 'requests', 'events', 'readingLists', 'notifications']),
    );
    expect(JSON.stringify(data.requests)).toContain('My own words, exported.');
    expect(data.retrospectives).toMatchObject([{ goalsMet: 'partly', learned: 'Bun workers.' }]);
    expect(data.events.feedbackYouGave).toMatchObject([{ rating: 4, worked: 'The live coding.' }]);
    // Nothing private about the other member: not their email.
    expect(JSON.stringify(data)).not.toContain(other.email);

    const html = await read((await startDataExport(as(leaver), 'html')).body);
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('My own words, exported.');

    let refused = false;
    for (let i = 0; i < 10 && !refused; i++) {
      try {
        await read((await startDataExport(as(leaver), 'json')).body);
      } catch (error) {
        expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
        refused = true;
      }
    }
    expect(refused).toBe(true);
  });
});
