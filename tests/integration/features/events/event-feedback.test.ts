import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { eventFeedback, eventFeedbackTopics, notifications } from '#db/schema/index.ts';
import {
  getEventSummary,
  getFeedbackForm,
  giveEventFeedback,
  requestEventFeedback,
} from '#features/events/event-feedback.service.ts';
import { isAppError } from '#server/errors.ts';
import { addFeedback, addRsvps } from '#tests/helpers/event-outcomes.ts';
import { createEvent, createMember, type Member } from '#tests/helpers/factories.ts';

const HOUR = 3_600_000;

/** An event that ended an hour ago: `came` checked in, `absent` going but not checked in. */
async function endedEvent(came: number, absent = 0, checkIn = true) {
  const organizer = await createMember();
  const host = await createMember();
  const event = await createEvent({
    organizer,
    title: 'Ended workshop',
    startsAt: new Date(Date.now() - 3 * HOUR),
    endsAt: new Date(Date.now() - HOUR),
    people: [{ user: host, role: 'host' }],
  });
  const attendees: Member[] = [];
  const noShows: Member[] = [];
  for (let i = 0; i < came; i++) attendees.push(await createMember({ displayName: `Came ${i}` }));
  for (let i = 0; i < absent; i++) noShows.push(await createMember({ displayName: `Absent ${i}` }));
  await addRsvps(event, attendees, { attended: checkIn });
  await addRsvps(event, noShows);
  return { organizer, host, event, attendees, noShows };
}

const answer = (eventId: string, rating = 5, extra: Record<string, unknown> = {}) => ({
  eventId,
  rating,
  worked: 'The exercises.',
  improve: 'More time.',
  ...extra,
});

const errorCode = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => (isAppError(e) ? e.code : e),
  );

describe('feedback after an event', () => {
  it('is open to people who came and not to no-shows or other members', async () => {
    const { event, attendees, noShows } = await endedEvent(1, 1);
    expect((await getFeedbackForm(attendees[0]!, event.slug)).state).toBe('open');
    expect((await getFeedbackForm(noShows[0]!, event.slug)).state).toBe('not-attendee');
    expect(await errorCode(giveEventFeedback(noShows[0]!, answer(event.id)))).toBe('FORBIDDEN');
    expect(await errorCode(giveEventFeedback(await createMember(), answer(event.id)))).toBe('FORBIDDEN');
    await giveEventFeedback(attendees[0]!, answer(event.id));
    expect((await getFeedbackForm(attendees[0]!, event.slug)).state).toBe('given');
  });

  it('is open to everyone going when the organiser did not use check-in', async () => {
    const { event, attendees } = await endedEvent(2, 0, false);
    await giveEventFeedback(attendees[1]!, answer(event.id, 4));
    const rows = await getDb().select().from(eventFeedback).where(eq(eventFeedback.eventId, event.id));
    expect(rows).toHaveLength(1);
  });

  it('opens when the event ends and closes thirty days later', async () => {
    const organizer = await createMember();
    const member = await createMember();
    const running = await createEvent({
      organizer,
      startsAt: new Date(Date.now() - HOUR),
      endsAt: new Date(Date.now() + HOUR),
    });
    await addRsvps(running, [member], { attended: true });
    expect((await getFeedbackForm(member, running.slug)).state).toBe('not-yet');
    expect(await errorCode(giveEventFeedback(member, answer(running.id)))).toBe('CONFLICT');
    const old = await createEvent({
      organizer,
      startsAt: new Date(Date.now() - 40 * 24 * HOUR),
      endsAt: new Date(Date.now() - 39 * 24 * HOUR),
    });
    await addRsvps(old, [member], { attended: true });
    expect((await getFeedbackForm(member, old.slug)).state).toBe('closed');
    expect(await errorCode(giveEventFeedback(member, answer(old.id)))).toBe('CONFLICT');
  });

  it('records one answer when the same attendee submits twice at once', async () => {
    const { event, attendees } = await endedEvent(1);
    const outcomes = await Promise.allSettled([
      giveEventFeedback(attendees[0]!, answer(event.id, 5, { nextTopics: 'Rust' })),
      giveEventFeedback(attendees[0]!, answer(event.id, 1, { nextTopics: 'Go' })),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rows = await getDb().select().from(eventFeedback).where(eq(eventFeedback.eventId, event.id));
    expect(rows).toHaveLength(1);
    const topics = await getDb().select().from(eventFeedbackTopics).where(eq(eventFeedbackTopics.eventId, event.id));
    expect(topics).toHaveLength(1);
  });

  it('takes up to three catalogue topics for "what next", aliases included, and names unknown ones beside the field', async () => {
    const { event, attendees } = await endedEvent(2);
    const bad = await giveEventFeedback(attendees[0]!, answer(event.id, 4, { nextTopics: 'Rust, Frobnicate' })).catch(
      (e: unknown) => e,
    );
    expect(isAppError(bad) && bad.fields.nextTopics).toMatch(/Frobnicate/);
    const many = await giveEventFeedback(
      attendees[0]!,
      answer(event.id, 4, { nextTopics: 'Rust, Go, k8s, Zig' }),
    ).catch((e: unknown) => e);
    expect(isAppError(many) && many.fields.nextTopics).toMatch(/at most 3/);
    expect(await getDb().select().from(eventFeedback).where(eq(eventFeedback.eventId, event.id))).toHaveLength(0);
    await giveEventFeedback(attendees[0]!, answer(event.id, 4, { nextTopics: 'Rust, k8s' }));
    expect(
      await getDb().select().from(eventFeedbackTopics).where(eq(eventFeedbackTopics.eventId, event.id)),
    ).toHaveLength(2);
  });
});

describe("the organisers' summary", () => {
  it('counts RSVPs, attendance and no-shows, and is for the organiser and co-hosts only', async () => {
    const { organizer, host, event, attendees } = await endedEvent(3, 2);
    const waiting = await createMember();
    await addRsvps(event, [waiting], { status: 'waitlisted' });
    const { summary } = await getEventSummary(organizer, event.slug);
    expect(summary.counts).toMatchObject({ going: 5, waitlisted: 1, attended: 3, noShows: 2 });
    expect(summary.checkInUsed).toBe(true);
    await getEventSummary(host, event.slug);
    expect(await errorCode(getEventSummary(attendees[0]!, event.slug))).toBe('NOT_FOUND');
    expect(await errorCode(getEventSummary(await createMember(), event.slug))).toBe('NOT_FOUND');
  });

  it('hides ratings below five answers and names only those who signed', async () => {
    const { organizer, event, attendees } = await endedEvent(6);
    await giveEventFeedback(attendees[0]!, answer(event.id, 5, { worked: 'Signed praise', signed: true }));
    for (const a of attendees.slice(1, 4))
      await giveEventFeedback(a, answer(event.id, 4, { worked: `Quiet ${a.displayName}` }));
    let { summary } = await getEventSummary(organizer, event.slug);
    expect(summary.responses).toBe(4);
    expect(summary.average.shown).toBe(false);
    expect(summary.distribution).toBeNull();
    const signed = summary.comments.find((c) => c.text === 'Signed praise');
    expect(signed?.by?.displayName).toBe(attendees[0]!.displayName);
    // Both comments of the one who signed carry the name; the other six none.
    expect(summary.comments.filter((c) => c.by !== null)).toHaveLength(2);
    expect(summary.comments.filter((c) => c.by === null)).toHaveLength(6);

    await giveEventFeedback(attendees[4]!, answer(event.id, 2));
    ({ summary } = await getEventSummary(organizer, event.slug));
    expect(summary.average).toEqual({ shown: true, value: (5 + 4 * 3 + 2) / 5 });
    // Three gave 4; one gave 5 and one gave 2: those two (and, so the hidden pair cannot be
    // had by subtraction, nothing else) read "fewer than 5".
    const byRating = Object.fromEntries(summary.distribution!.map((d) => [d.rating, d.n]));
    expect(byRating[5]).toEqual({ shown: false });
    expect(byRating[2]).toEqual({ shown: false });
    expect(byRating[4]).toEqual({ shown: false });
  });

  it('shows next-topic answers with their counts under the same rule', async () => {
    const { organizer, event, attendees } = await endedEvent(6);
    for (const a of attendees.slice(0, 5)) await addFeedback(event, a, 5, { next: ['Rust'] });
    await addFeedback(event, attendees[5]!, 5, { next: ['Zig'] });
    const { summary } = await getEventSummary(organizer, event.slug);
    expect(summary.nextTopics).toEqual([
      { slug: 'rust', name: 'Rust', n: { shown: true, value: 5 } },
      { slug: 'zig', name: 'Zig', n: { shown: false } },
    ]);
  });
});

describe('asking for feedback', () => {
  it('asks the people who came once, with its own kind of notice, even when two processes run the job', async () => {
    const { event, attendees, noShows } = await endedEvent(2, 1);
    const [a, b] = await Promise.all([requestEventFeedback(), requestEventFeedback()]);
    expect(a + b).toBeGreaterThanOrEqual(2);
    expect(await requestEventFeedback()).toBe(0);
    const asked = await getDb()
      .select({ userId: notifications.userId, url: notifications.url })
      .from(notifications)
      .where(eq(notifications.kind, 'event.feedback_request'));
    const mine = asked.filter((n) => n.url === `/events/${event.slug}/feedback`);
    expect(mine.map((n) => n.userId).sort()).toEqual(attendees.map((x) => x.id).sort());
    const toNoShow = await getDb()
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, noShows[0]!.id), eq(notifications.kind, 'event.feedback_request')))
      .get();
    expect(toNoShow?.n).toBe(0);
  });
});
