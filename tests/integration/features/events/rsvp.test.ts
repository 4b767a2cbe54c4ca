import { and, asc, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { events, notifications, rsvps } from '#db/schema/index.ts';
import { updateEvent } from '#features/events/events.service.ts';
import { cancelRsvp, leaveAllEvents, rsvp } from '#features/events/rsvp.service.ts';
import { createEvent, createMember, type Member } from '#tests/helpers/factories.ts';

async function members(n: number): Promise<Member[]> {
  const out: Member[] = [];
  for (let i = 0; i < n; i++) out.push(await createMember());
  return out;
}

async function state(eventId: string) {
  const rows = await getDb().select().from(rsvps).where(eq(rsvps.eventId, eventId)).orderBy(asc(rsvps.seq));
  const event = await getDb().select().from(events).where(eq(events.id, eventId)).get();
  return {
    going: rows.filter((r) => r.status === 'going'),
    waitlist: rows.filter((r) => r.status === 'waitlisted'),
    goingCount: event!.goingCount,
  };
}

const noticesFor = (userId: string, kind: string) =>
  getDb()
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)))
    .get()
    .then((r) => r?.n ?? 0);

/** The edit form's values for an event made by the factory, with a new capacity. */
function formWith(capacity: number, startsAt: Date) {
  const local = (d: Date) => d.toISOString().slice(0, 16);
  return {
    title: 'Capacity test',
    kind: 'workshop' as const,
    description: '',
    format: 'online' as const,
    venue: undefined,
    onlineUrl: 'https://meet.example.test/cap',
    startsAt: local(startsAt),
    endsAt: local(new Date(startsAt.getTime() + 3_600_000)),
    timezone: 'UTC',
    capacity,
  };
}

describe('RSVPs under concurrency', () => {
  it('seats exactly 10 of 50 parallel RSVPs for 10 seats and waitlists the other 40 in order', async () => {
    const organizer = await createMember();
    const event = await createEvent({ organizer, capacity: 10 });
    const people = await members(50);

    const results = await Promise.all(people.map((p) => rsvp(p, event.id)));

    expect(results.filter((r) => r.status === 'going')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'waitlisted')).toHaveLength(40);
    const { going, waitlist, goingCount } = await state(event.id);
    expect(going).toHaveLength(10);
    expect(goingCount).toBe(10);
    expect(waitlist).toHaveLength(40);
    // Arrival numbers are unique and gapless; every seat went to an earlier arrival than every waitlisted member.
    const seqs = [...going, ...waitlist].map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(Math.max(...going.map((r) => r.seq))).toBeLessThan(Math.min(...waitlist.map((r) => r.seq)));
    // Each member was told their own place, 1…40, matching the stored order.
    const positions = results.filter((r) => r.status === 'waitlisted').map((r) => r.position);
    expect([...positions].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('counts an RSVP said twice at once only once', async () => {
    const event = await createEvent({ organizer: await createMember(), capacity: 5 });
    const member = await createMember();
    const results = await Promise.all([rsvp(member, event.id), rsvp(member, event.id), rsvp(member, event.id)]);
    expect(results.every((r) => r.status === 'going')).toBe(true);
    expect((await state(event.id)).goingCount).toBe(1);
  });
});

describe('waitlist promotion', () => {
  it('gives a freed seat to the first on the waitlist and notifies them', async () => {
    const event = await createEvent({ organizer: await createMember(), capacity: 2 });
    const [a, b, c, d] = await members(4);
    for (const m of [a!, b!, c!, d!]) await rsvp(m, event.id);
    expect((await state(event.id)).waitlist.map((r) => r.userId)).toEqual([c!.id, d!.id]);

    await cancelRsvp(a!, event.id);

    const after = await state(event.id);
    expect(after.going.map((r) => r.userId).sort()).toEqual([b!.id, c!.id].sort());
    expect(after.waitlist.map((r) => r.userId)).toEqual([d!.id]);
    expect(after.goingCount).toBe(2);
    expect(await noticesFor(c!.id, 'event.promoted')).toBe(1);
    expect(await noticesFor(d!.id, 'event.promoted')).toBe(0);
  });

  it('does not promote when someone leaves the waitlist, and moves the rest up', async () => {
    const event = await createEvent({ organizer: await createMember(), capacity: 1 });
    const [a, b, c] = await members(3);
    for (const m of [a!, b!, c!]) await rsvp(m, event.id);
    await cancelRsvp(b!, event.id);
    const after = await state(event.id);
    expect(after.going.map((r) => r.userId)).toEqual([a!.id]);
    expect(after.waitlist.map((r) => r.userId)).toEqual([c!.id]);
    expect(await noticesFor(c!.id, 'event.promoted')).toBe(0);
    expect((await rsvp(c!, event.id)).position).toBe(1);
  });

  it('puts a member who comes back at the end of the queue', async () => {
    const event = await createEvent({ organizer: await createMember(), capacity: 1 });
    const [a, b, c] = await members(3);
    for (const m of [a!, b!, c!]) await rsvp(m, event.id);
    await cancelRsvp(b!, event.id);
    expect(await rsvp(b!, event.id)).toEqual({ status: 'waitlisted', position: 2 });
  });

  it('promotes several when many seats free up at once, in parallel cancellations', async () => {
    const event = await createEvent({ organizer: await createMember(), capacity: 5 });
    const people = await members(12);
    for (const p of people) await rsvp(p, event.id);
    await Promise.all(people.slice(0, 4).map((p) => cancelRsvp(p, event.id)));
    const after = await state(event.id);
    expect(after.goingCount).toBe(5);
    expect(after.going).toHaveLength(5);
    expect(after.going.map((r) => r.userId).sort()).toEqual(
      people
        .slice(4, 9)
        .map((p) => p.id)
        .sort(),
    );
    expect(after.waitlist.map((r) => r.userId)).toEqual(people.slice(9).map((p) => p.id));
  });
});

describe('a member leaving the community', () => {
  it('gives up their seats to the waitlists before the account goes', async () => {
    const organizer = await createMember();
    const [leaver, waiting] = await members(2);
    const full = await createEvent({ organizer, capacity: 1 });
    const other = await createEvent({ organizer, capacity: 1 });
    await rsvp(leaver!, full.id);
    await rsvp(waiting!, full.id);
    await rsvp(leaver!, other.id);
    const promoted = await getDb().transaction((tx) => leaveAllEvents(tx, leaver!.id));
    expect(promoted.map((n) => n.userId)).toEqual([waiting!.id]);
    expect((await state(full.id)).going.map((r) => r.userId)).toEqual([waiting!.id]);
    expect((await state(other.id)).goingCount).toBe(0);
  });
});

describe('changing the capacity', () => {
  it('keeps every existing seat when lowered below the going count, and takes no new ones', async () => {
    const organizer = await createMember();
    const startsAt = new Date(Date.now() + 10 * 86_400_000);
    const event = await createEvent({ organizer, capacity: 5, startsAt, timezone: 'UTC' });
    const people = await members(6);
    for (const p of people) await rsvp(p, event.id);

    await updateEvent(organizer, event.id, formWith(3, startsAt));

    const after = await state(event.id);
    expect(after.going).toHaveLength(5);
    expect(after.goingCount).toBe(5);
    const newcomer = await createMember();
    expect((await rsvp(newcomer, event.id)).status).toBe('waitlisted');
    // Two cancellations still leave it at capacity (3): nobody is promoted yet.
    await cancelRsvp(people[0]!, event.id);
    await cancelRsvp(people[1]!, event.id);
    expect((await state(event.id)).goingCount).toBe(3);
    expect(await noticesFor(people[5]!.id, 'event.promoted')).toBe(0);
    // The next one frees a real seat: the first waitlisted moves up.
    await cancelRsvp(people[2]!, event.id);
    expect(await noticesFor(people[5]!.id, 'event.promoted')).toBe(1);
  });

  it('promotes from the waitlist, in order, when raised', async () => {
    const organizer = await createMember();
    const startsAt = new Date(Date.now() + 10 * 86_400_000);
    const event = await createEvent({ organizer, capacity: 1, startsAt, timezone: 'UTC' });
    const people = await members(4);
    for (const p of people) await rsvp(p, event.id);

    await updateEvent(organizer, event.id, formWith(3, startsAt));

    const after = await state(event.id);
    expect(after.going.map((r) => r.userId)).toEqual(people.slice(0, 3).map((p) => p.id));
    expect(after.waitlist.map((r) => r.userId)).toEqual([people[3]!.id]);
    expect(await noticesFor(people[1]!.id, 'event.promoted')).toBe(1);
    expect(await noticesFor(people[2]!.id, 'event.promoted')).toBe(1);
  });
});

describe('when RSVPs are closed', () => {
  it('refuses RSVPs to an event that started, was cancelled, or is a draft someone else owns', async () => {
    const organizer = await createMember();
    const member = await createMember();
    const started = await createEvent({
      organizer,
      startsAt: new Date(Date.now() - 3_600_000),
      endsAt: new Date(Date.now() + 3_600_000),
    });
    const cancelled = await createEvent({ organizer, status: 'cancelled' });
    const draft = await createEvent({ organizer, status: 'draft' });
    await expect(rsvp(member, started.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already started/),
    });
    await expect(rsvp(member, cancelled.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/cancelled/),
    });
    await expect(rsvp(member, draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const rows = await getDb().select().from(rsvps).where(eq(rsvps.userId, member.id));
    expect(rows).toHaveLength(0);
  });
});
