import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { eventPeople, events, eventTopics, readingListItems, searchJobs } from '#db/schema/index.ts';
import { createEvent as createEventService, updateEvent } from '#features/events/events.service.ts';
import type { EventInput } from '#features/events/events.ts';
import { addItem } from '#features/lists/lists.service.ts';
import { zonedTimeToUtc } from '#server/time/zones.ts';
import { createEvent, createList, createMember } from '#tests/helpers/factories.ts';

const inDays = (days: number, time = '18:00') =>
  `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`;

const valid = (): EventInput => ({
  title: 'Intro to Bun',
  kind: 'workshop',
  description: 'Hands on.',
  topics: 'Bun, TypeScript',
  format: 'online',
  venue: undefined,
  onlineUrl: 'https://meet.example.test/bun',
  startsAt: inDays(10, '18:00'),
  endsAt: inDays(10, '20:00'),
  timezone: 'Europe/Berlin',
  capacity: 20,
  hosts: undefined,
  speakers: undefined,
});

async function counts() {
  const db = getDb();
  const [e, t, p, j] = await Promise.all([
    db.select({ n: count() }).from(events).get(),
    db.select({ n: count() }).from(eventTopics).get(),
    db.select({ n: count() }).from(eventPeople).get(),
    db.select({ n: count() }).from(searchJobs).get(),
  ]);
  return [e?.n, t?.n, p?.n, j?.n];
}

describe('bad event input is refused beside the field, and nothing is saved', () => {
  it.each<[string, Partial<EventInput>, string, RegExp]>([
    ['an end before the start', { endsAt: inDays(10, '17:00') }, 'endsAt', /end after it starts/],
    [
      'a start far in the past',
      { startsAt: '2020-01-01T18:00', endsAt: '2020-01-01T19:00' },
      'startsAt',
      /more than a year ago/,
    ],
    ['a start far in the future', { startsAt: inDays(1000), endsAt: inDays(1000, '20:00') }, 'startsAt', /two years/],
    [
      'a time skipped by daylight saving',
      { startsAt: '2027-03-28T02:30', endsAt: '2027-03-28T04:00' },
      'startsAt',
      /does not exist/,
    ],
    ['an in-person event without a venue', { format: 'in_person', venue: undefined }, 'venue', /Enter the venue/],
    ['an online event without a link', { onlineUrl: undefined }, 'onlineUrl', /link people join with/],
    ['an unknown topic', { topics: 'Kubernetes, Quantum Basket Weaving' }, 'topics', /“Quantum Basket Weaving”/],
    ['too many topics', { topics: 'Rust, Go, Java, Python, Ruby, PHP, Swift, Kotlin, Scala' }, 'topics', /at most 8/],
    ['an unknown host', { hosts: '@nobody-here' }, 'hosts', /@nobody-here/],
  ])('refuses %s', async (_name, change, field, message) => {
    const organizer = await createMember();
    const before = await counts();
    const error = await createEventService(organizer, { ...valid(), ...change }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    expect((error as { fields: Record<string, string> }).fields[field]).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('accepts the same form when it is right (and resolves aliases: "ts" is TypeScript)', async () => {
    const organizer = await createMember();
    const host = await createMember();
    const created = await createEventService(organizer, { ...valid(), topics: 'bun, ts', hosts: `@${host.handle}` });
    const row = await getDb().select().from(events).where(eq(events.id, created.id)).get();
    expect(row?.status).toBe('draft');
    expect(row?.startsAt).toEqual(zonedTimeToUtc(inDays(10, '18:00'), 'Europe/Berlin')!.instant);
    expect(row?.timezone).toBe('Europe/Berlin');
    const topics = await getDb().select().from(eventTopics).where(eq(eventTopics.eventId, created.id));
    expect(topics).toHaveLength(2);
  });

  it('leaves an event untouched when an edit is refused', async () => {
    const organizer = await createMember();
    const event = await createEvent({ organizer });
    const before = await getDb().select().from(events).where(eq(events.id, event.id)).get();
    await expect(updateEvent(organizer, event.id, { ...valid(), endsAt: inDays(10, '10:00') })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await getDb().select().from(events).where(eq(events.id, event.id)).get()).toEqual(before);
  });
});

describe('reading lists stay short', () => {
  const item = { url: 'https://example.org/x', title: 'X', kind: 'article' as const, why: 'Worth it.', minutes: 10 };

  it('refuses a 13th item beside the form and keeps 12', async () => {
    const owner = await createMember();
    const list = await createList({ owner, items: 11 });
    await addItem(owner, list.id, item);
    const error = await addItem(owner, list.id, item).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', fields: { item: expect.stringMatching(/at most 12 items/) } });
    const rows = await getDb().select().from(readingListItems).where(eq(readingListItems.listId, list.id));
    expect(rows).toHaveLength(12);
  });

  it('never goes past 12 even when items are added in parallel', async () => {
    const owner = await createMember();
    const list = await createList({ owner, items: 8 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => addItem(owner, list.id, item)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    const rows = await getDb().select().from(readingListItems).where(eq(readingListItems.listId, list.id));
    expect(rows.map((r) => r.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });
});

describe('the event-creation limit', () => {
  it('counts only valid events: a mistyped form many times over does not use it up', async () => {
    const organizer = await createMember();
    for (let i = 0; i < 25; i++) {
      await createEventService(organizer, { ...valid(), endsAt: inDays(9, '18:00') }).catch(() => undefined); // ends before it starts
    }
    await expect(createEventService(organizer, valid())).resolves.toMatchObject({ slug: expect.any(String) });
  });
});
