import { and, count, eq, isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { events, rsvps } from '#db/schema/index.ts';
import { checkIn, getDoor, selfCheckIn } from '#features/events/attendance.service.ts';
import { attendeesCsv } from '#features/events/event-views.service.ts';
import { isAppError } from '#server/errors.ts';
import { addRsvps } from '#tests/helpers/event-outcomes.ts';
import { createEvent, createMember, type Member } from '#tests/helpers/factories.ts';

const HOUR = 3_600_000;

/** A published event that started half an hour ago, with its organiser, a co-host, a speaker and people going. */
async function eventAtTheDoor(going = 3) {
  const organizer = await createMember({ displayName: 'Olu Organiser' });
  const host = await createMember({ displayName: 'Hana Host' });
  const speaker = await createMember({ displayName: 'Sam Speaker' });
  const event = await createEvent({
    organizer,
    startsAt: new Date(Date.now() - HOUR / 2),
    endsAt: new Date(Date.now() + 2 * HOUR),
    people: [
      { user: host, role: 'host' },
      { user: speaker, role: 'speaker' },
    ],
  });
  const people: Member[] = [];
  for (let i = 0; i < going; i++) people.push(await createMember({ displayName: `José Attendee ${i}` }));
  await addRsvps(event, people);
  return { organizer, host, speaker, event, people };
}

const attendedCount = async (eventId: string) =>
  (
    await getDb()
      .select({ n: count() })
      .from(rsvps)
      .where(and(eq(rsvps.eventId, eventId), isNotNull(rsvps.attendedAt)))
      .get()
  )?.n ?? 0;

async function codeOf(eventId: string, viewer: Member, slug: string): Promise<string> {
  await getDoor(viewer, slug);
  const row = await getDb().select({ code: events.checkInCode }).from(events).where(eq(events.id, eventId)).get();
  return row!.code!;
}

const rejects = async (promise: Promise<unknown>, code: string) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(error) ? error.code : error).toBe(code);
};

describe('checking people in at the door', () => {
  it('lets the organiser and a co-host check people in, and answers 404 to a speaker and other members', async () => {
    const { organizer, host, speaker, event, people } = await eventAtTheDoor();
    await checkIn(organizer, { eventId: event.id, userId: people[0]!.id, attended: true });
    await checkIn(host, { eventId: event.id, userId: people[1]!.id, attended: true });
    expect(await attendedCount(event.id)).toBe(2);
    await rejects(checkIn(speaker, { eventId: event.id, userId: people[2]!.id, attended: true }), 'NOT_FOUND');
    await rejects(checkIn(people[2]!, { eventId: event.id, userId: people[2]!.id, attended: true }), 'NOT_FOUND');
    await rejects(getDoor(await createMember(), event.slug), 'NOT_FOUND');
    expect(await attendedCount(event.id)).toBe(2);
  });

  it('counts two taps at the same moment once, and undoes a mistaken tap', async () => {
    const { organizer, host, event, people } = await eventAtTheDoor(1);
    const tap = { eventId: event.id, userId: people[0]!.id, attended: true };
    const results = await Promise.all([checkIn(organizer, tap), checkIn(host, tap), checkIn(organizer, tap)]);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await attendedCount(event.id)).toBe(1);
    const door = await getDoor(organizer, event.slug);
    expect(door.counts.attended).toBe(1);

    await checkIn(organizer, { ...tap, attended: false });
    expect(await attendedCount(event.id)).toBe(0);
  });

  it('finds people by name without accents or by handle, and shows the self check-in code', async () => {
    const { organizer, event } = await eventAtTheDoor(2);
    const door = await getDoor(organizer, event.slug, 'jose attendee 1');
    expect(door.people.map((p) => p.displayName)).toEqual(['José Attendee 1']);
    expect(door.code).toMatch(/^[A-Z0-9]{3} [A-Z0-9]{3}$/);
    expect(door.open).toBe(true);
    // The code is made once and kept.
    expect((await getDoor(organizer, event.slug)).code).toBe(door.code);
  });

  it('keeps the door closed well before the event and a week after it', async () => {
    const organizer = await createMember();
    const later = await createEvent({ organizer, startsAt: new Date(Date.now() + 5 * HOUR) });
    const member = await createMember();
    await addRsvps(later, [member]);
    await rejects(checkIn(organizer, { eventId: later.id, userId: member.id, attended: true }), 'CONFLICT');
    expect((await getDoor(organizer, later.slug)).open).toBe(false);

    const old = await createEvent({
      organizer,
      startsAt: new Date(Date.now() - 9 * 24 * HOUR),
      endsAt: new Date(Date.now() - 8 * 24 * HOUR),
    });
    await addRsvps(old, [member]);
    await rejects(checkIn(organizer, { eventId: old.id, userId: member.id, attended: true }), 'CONFLICT');
  });

  it('refuses someone without an RSVP', async () => {
    const { organizer, event } = await eventAtTheDoor(0);
    const stranger = await createMember();
    await rejects(checkIn(organizer, { eventId: event.id, userId: stranger.id, attended: true }), 'NOT_FOUND');
  });

  it('adds an "Attended" column to the attendee CSV', async () => {
    const { organizer, event, people } = await eventAtTheDoor(2);
    await checkIn(organizer, { eventId: event.id, userId: people[0]!.id, attended: true });
    const { body } = await attendeesCsv(organizer, event.slug);
    const lines = body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]!.split(',').at(-1)).toBe('Attended');
    expect(lines.find((l) => l.includes(people[0]!.handle))!.endsWith(',yes')).toBe(true);
    expect(lines.find((l) => l.includes(people[1]!.handle))!.endsWith(',no')).toBe(true);
  });
});

describe('self check-in with the code', () => {
  it('checks in a member going who types the code, in any case and spacing', async () => {
    const { organizer, event, people } = await eventAtTheDoor(1);
    const code = await codeOf(event.id, organizer, event.slug);
    await selfCheckIn(people[0]!, { eventId: event.id, code: ` ${code.slice(0, 3).toLowerCase()}-${code.slice(3)} ` });
    expect(await attendedCount(event.id)).toBe(1);
  });

  it('refuses a wrong code beside the field, members not going, and times away from the event', async () => {
    const { organizer, event, people } = await eventAtTheDoor(1);
    await codeOf(event.id, organizer, event.slug);
    const wrong = await selfCheckIn(people[0]!, { eventId: event.id, code: 'ZZZZZZ' }).catch((e: unknown) => e);
    expect(isAppError(wrong) && wrong.fields.code).toMatch(/not the code/);

    const waiting = await createMember();
    await addRsvps(event, [waiting], { status: 'waitlisted' });
    await rejects(selfCheckIn(waiting, { eventId: event.id, code: 'ZZZZZZ' }), 'FORBIDDEN');
    await rejects(selfCheckIn(await createMember(), { eventId: event.id, code: 'ZZZZZZ' }), 'FORBIDDEN');

    const later = await createEvent({ organizer, startsAt: new Date(Date.now() + 3 * HOUR) });
    await addRsvps(later, [people[0]!]);
    const laterCode = await codeOf(later.id, organizer, later.slug);
    await rejects(selfCheckIn(people[0]!, { eventId: later.id, code: laterCode }), 'CONFLICT');
    expect(await attendedCount(event.id)).toBe(0);
  });

  it('stops guessing after ten tries', async () => {
    const { organizer, event, people } = await eventAtTheDoor(1);
    const code = await codeOf(event.id, organizer, event.slug);
    for (let i = 0; i < 10; i++) {
      await rejects(selfCheckIn(people[0]!, { eventId: event.id, code: `AAAAA${i}` }), 'BAD_REQUEST');
    }
    await rejects(selfCheckIn(people[0]!, { eventId: event.id, code }), 'TOO_MANY_REQUESTS');
  });

  it('counts a self check-in and a tap at the door at the same moment once', async () => {
    const { organizer, event, people } = await eventAtTheDoor(1);
    const code = await codeOf(event.id, organizer, event.slug);
    await Promise.all([
      selfCheckIn(people[0]!, { eventId: event.id, code }),
      checkIn(organizer, { eventId: event.id, userId: people[0]!.id, attended: true }),
    ]);
    expect(await attendedCount(event.id)).toBe(1);
  });
});
