import { describe, expect, it } from 'vitest';
import { browseEvents, myEvents, upcomingForSkills } from '#features/events/event-views.service.ts';
import { rsvp } from '#features/events/rsvp.service.ts';
import { createEvent, createMember, skillIdByName } from '#tests/helpers/factories.ts';

const DAY = 86_400_000;

describe('listing events by date', () => {
  it('shows upcoming events soonest first (drafts and cancelled ones left out) and past ones latest first', async () => {
    const organizer = await createMember();
    const later = await createEvent({ organizer, startsAt: new Date(Date.now() + 9 * DAY) });
    const sooner = await createEvent({ organizer, startsAt: new Date(Date.now() + 2 * DAY) });
    const draft = await createEvent({ organizer, status: 'draft' });
    const cancelled = await createEvent({ organizer, status: 'cancelled' });
    const old = await createEvent({ organizer, startsAt: new Date(Date.now() - 20 * DAY) });
    const recent = await createEvent({ organizer, startsAt: new Date(Date.now() - 2 * DAY) });

    const upcoming = (await browseEvents(null, { when: 'upcoming', page: 1 })).cards.map((c) => c.id);
    expect(upcoming.indexOf(sooner.id)).toBeLessThan(upcoming.indexOf(later.id));
    expect(upcoming).not.toContain(draft.id);
    expect(upcoming).not.toContain(cancelled.id);
    const past = (await browseEvents(null, { when: 'past', page: 1 })).cards.map((c) => c.id);
    expect(past.indexOf(recent.id)).toBeLessThan(past.indexOf(old.id));
    expect(past).not.toContain(sooner.id);
  });

  it('filters online and in person (hybrid counts as both) without the search engine', async () => {
    const organizer = await createMember();
    const online = await createEvent({ organizer, format: 'online' });
    const room = await createEvent({ organizer, format: 'in_person' });
    const both = await createEvent({ organizer, format: 'hybrid' });
    const onlineIds = (await browseEvents(null, { when: 'upcoming', format: 'online', page: 1 })).cards.map(
      (c) => c.id,
    );
    const roomIds = (await browseEvents(null, { when: 'upcoming', format: 'in_person', page: 1 })).cards.map(
      (c) => c.id,
    );
    expect(onlineIds).toEqual(expect.arrayContaining([online.id, both.id]));
    expect(onlineIds).not.toContain(room.id);
    expect(roomIds).toEqual(expect.arrayContaining([room.id, both.id]));
    expect(roomIds).not.toContain(online.id);
  });

  it('shows members times in their own zone, and visitors in the event’s', async () => {
    const organizer = await createMember();
    const tokyo = await createMember({ timezone: 'Asia/Tokyo' });
    const event = await createEvent({
      organizer,
      timezone: 'Europe/Berlin',
      startsAt: new Date('2027-01-15T17:00:00Z'),
    });
    const forVisitor = (await browseEvents(null, { when: 'upcoming', page: 1 })).cards.find((c) => c.id === event.id)!;
    const forTokyo = (await browseEvents(tokyo, { when: 'upcoming', page: 1 })).cards.find((c) => c.id === event.id)!;
    expect(forVisitor.when.primary).toMatch(/15 Jan 2027, 18:00/);
    expect(forVisitor.when.zoneLabel).toBe('Europe/Berlin (UTC+1)');
    expect(forTokyo.when.primary).toMatch(/16 Jan 2027, 02:00/);
    expect(forTokyo.day).toBe('2027-01-16');
  });

  it('gives topic pages and profiles the upcoming events on their topics', async () => {
    const organizer = await createMember();
    const onTopic = await createEvent({ organizer, topics: ['Gleam'] });
    await createEvent({ organizer, topics: ['Gleam'], startsAt: new Date(Date.now() - 3 * DAY) });
    const offTopic = await createEvent({ organizer, topics: ['Java'] });
    const found = (await upcomingForSkills([await skillIdByName('Gleam')], null)).map((c) => c.id);
    expect(found).toEqual([onTopic.id]);
    expect(found).not.toContain(offTopic.id);
  });

  it('takes events on any of several topics, soonest first up to the limit, with their topics in order', async () => {
    const organizer = await createMember();
    const [gleam, elm, ocaml] = (await Promise.all(['Gleam', 'Elm', 'OCaml'].map((n) => skillIdByName(n)))) as [
      number,
      number,
      number,
    ];
    const third = await createEvent({ organizer, topics: ['OCaml'], startsAt: new Date(Date.now() + 300 * DAY) });
    const first = await createEvent({
      organizer,
      topics: ['Elm', 'Gleam'],
      startsAt: new Date(Date.now() + 298 * DAY),
    });
    const second = await createEvent({ organizer, topics: ['Gleam'], startsAt: new Date(Date.now() + 299 * DAY) });
    const far = <C extends { id: string }>(cards: C[]) =>
      cards.filter((c) => [first.id, second.id, third.id].includes(c.id));
    const all = far(await upcomingForSkills([gleam, elm, ocaml], null, 50));
    expect(all.map((c) => c.id)).toEqual([first.id, second.id, third.id]);
    expect(all[0]!.topics.map((t) => t.name)).toEqual(['Elm', 'Gleam']);
    expect(far(await upcomingForSkills([ocaml], null, 50)).map((c) => c.id)).toEqual([third.id]);
    const soonest = await upcomingForSkills([elm, ocaml], null, 1);
    expect(soonest).toHaveLength(1);
    expect(await upcomingForSkills([], null, 5)).toEqual([]);
  });

  it('collects a member’s drafts, events they organise and events they attend', async () => {
    const member = await createMember();
    const draft = await createEvent({ organizer: member, status: 'draft' });
    const organising = await createEvent({ organizer: member });
    const attending = await createEvent({ organizer: await createMember() });
    await rsvp(member, attending.id);
    const mine = await myEvents(member);
    expect(mine.drafts.map((e) => e.id)).toEqual([draft.id]);
    expect(mine.organising.map((e) => e.id)).toEqual([organising.id]);
    expect(mine.attending.map((e) => [e.id, e.rsvp])).toEqual([[attending.id, 'going']]);
  });
});
