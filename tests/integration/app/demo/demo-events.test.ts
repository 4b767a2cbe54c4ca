import { and, count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoId } from '#app/demo/demo-id.ts';
import { seedDemo } from '#app/demo/index.ts';
import { database, getDb } from '#db/client.ts';
import { eventPeople, events, readingListItems, readingLists, rsvps } from '#db/schema/index.ts';
import { getEventPage, upcomingEvents } from '#features/events/event-views.service.ts';

describe('the demo events and reading lists', () => {
  it('make the events and lists pages look alive, consistently', async () => {
    const now = new Date('2026-11-01T00:00:00Z');
    await seedDemo(database(), now);
    const all = await getDb().select().from(events);
    const upcoming = all.filter((e) => e.status === 'published' && e.startsAt > now);
    const past = all.filter((e) => e.status === 'published' && e.endsAt <= now);
    expect(upcoming.length).toBeGreaterThanOrEqual(6);
    expect(new Set(upcoming.map((e) => e.kind))).toEqual(new Set(['workshop', 'talk', 'meetup', 'office_hours']));
    expect(past.length).toBeGreaterThanOrEqual(3);
    expect(past.every((e) => e.readingListId && (e.slidesUrl || e.recordingUrl))).toBe(true);
    expect(all.some((e) => e.status === 'cancelled')).toBe(true);
    expect(all.some((e) => e.status === 'draft')).toBe(true);
    expect(upcoming.some((e) => e.capacity - e.goingCount <= 2 && e.goingCount < e.capacity)).toBe(true);

    // Seat counts match the RSVP rows, and never exceed capacity; one event has a waitlist.
    for (const e of all) {
      const going = await getDb()
        .select({ n: count() })
        .from(rsvps)
        .where(and(eq(rsvps.eventId, e.id), eq(rsvps.status, 'going')))
        .get();
      expect(going?.n).toBe(e.goingCount);
      expect(e.goingCount).toBeLessThanOrEqual(e.capacity);
    }
    const waiting = await getDb().select({ n: count() }).from(rsvps).where(eq(rsvps.status, 'waitlisted')).get();
    expect(waiting?.n).toBeGreaterThan(0);

    const lists = await getDb().select({ n: count() }).from(readingLists).get();
    expect(lists?.n).toBeGreaterThanOrEqual(15);
    const overfull = await getDb()
      .select({ listId: readingListItems.listId })
      .from(readingListItems)
      .groupBy(readingListItems.listId)
      .having(sql`count(*) > 12`);
    expect(overfull).toEqual([]);

    // Stable ids: demo links survive a re-seed.
    expect(all.map((e) => e.id)).toContain(demoId('event', 'postgres-clinic'));
    const page = await getEventPage(null, 'postgres-query-clinic', now);
    expect(page.waitlistCount).toBeGreaterThan(0);
    expect((await upcomingEvents(null, 4, now)).length).toBe(4);

    // The demo's co-hosts and speakers said yes: every one of them is shown.
    const people = await getDb().select().from(eventPeople);
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((p) => p.status === 'accepted')).toBe(true);
    const k8s = await getEventPage(null, 'hands-on-your-first-kubernetes-deploy', now);
    expect(k8s.hosts.length + k8s.speakers.length).toBeGreaterThan(0);
  });
});
