import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { eventPeople, eventSeries, events, eventTopics, rsvps, seriesOccurrences } from '#db/schema/index.ts';
import { createEvent, createMember, type EventSpec, type Member } from '#tests/helpers/factories.ts';
import { type ActionRow, type Actor, only, ownerFor, type PageRow, type World } from './matrix.ts';

/**
 * Events and series: the organiser (owner) runs their events; invitees answer their own
 * invitations; any member may RSVP; attendees check in and give feedback. Others'
 * drafts and management answer 404; a refusal on a visible event says why (403).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SELF = only(['member', 'owner', 'moderator', 'admin']);
const ORGANISER = only(['owner']);
const statusOf = async (world: World, id: string) =>
  (await world.db.select({ status: events.status }).from(events).where(eq(events.id, id)).get())!.status;
const by = (world: World, actor: Actor, spec: Omit<EventSpec, 'organizer'> = {}) =>
  createEvent({ organizer: ownerFor(world, actor), topics: ['Elixir'], ...spec }, world.db);
/** Someone outside the six who organises events the six are invited to or attend. */
let host: Promise<Member> | undefined;
const hostOf = (world: World) => {
  host ??= createMember({ handle: 'pm-host' }, world.db);
  return host;
};
const going = (world: World, eventId: string, userId: string) =>
  world.db.insert(rsvps).values({ eventId, userId, status: 'going', seq: 1 });
const signedIn = (actor: Actor) => actor !== 'visitor';
const memberOf = (world: World, actor: Actor) => world.members[actor as Exclude<Actor, 'visitor'>];

/** The event form (a valid one, a month ahead). */
const eventForm = (title: string) => ({
  title,
  kind: 'workshop',
  description: 'Hands-on.',
  topics: 'Elixir',
  format: 'online',
  onlineUrl: 'https://meet.example.test/matrix',
  startsAt: '2027-05-01T18:00',
  endsAt: '2027-05-01T20:00',
  timezone: 'Europe/Berlin',
  capacity: '20',
});

/** A weekly series of drafts by the owner, made through the real form; its id and first date. */
async function draftSeries(world: World): Promise<{ seriesId: string; firstEventId: string }> {
  const made = await world.clients.owner.postForm('/_actions/eventSeries.create', {
    ...eventForm(`Series ${Math.random().toString(36).slice(2, 7)}`),
    repeat: 'weekly',
    interval: '1',
    until: '2027-06-01',
  });
  expect(made.status, await made.clone().text()).toBe(200);
  const series = await world.db
    .select()
    .from(eventSeries)
    .where(eq(eventSeries.organizerId, world.members.owner.id))
    .orderBy(eventSeries.createdAt)
    .all();
  const last = series.at(-1)!;
  const first = await world.db
    .select()
    .from(seriesOccurrences)
    .where(eq(seriesOccurrences.seriesId, last.id))
    .orderBy(seriesOccurrences.originalStartsAt)
    .get();
  return { seriesId: last.id, firstEventId: first!.eventId! };
}

export const rows: ActionRow[] = [
  {
    action: 'events.create',
    expect: SELF,
    fields: (_world, actor) => eventForm(`Matrix workshop by ${actor}`),
    effect: async (world, actor) => {
      const row = await world.db
        .select()
        .from(events)
        .where(eq(events.title, `Matrix workshop by ${actor}`))
        .get();
      expect(row?.organizerId).toBe(memberOf(world, actor).id);
    },
  },
  {
    action: 'events.update',
    expect: ORGANISER,
    fields: async (world, actor) => ({ eventId: (await by(world, actor)).id, ...eventForm(`Renamed by ${actor}`) }),
    effect: async (world, _actor, fields) => {
      const id = (fields as Record<string, string>).eventId!;
      expect((await world.db.select().from(events).where(eq(events.id, id)).get())!.title).toBe('Renamed by owner');
    },
  },
  {
    action: 'events.publish',
    expect: ORGANISER,
    fields: async (world, actor) => ({ eventId: (await by(world, actor, { status: 'draft' })).id }),
    effect: async (world, _actor, fields) =>
      expect(await statusOf(world, (fields as Record<string, string>).eventId!)).toBe('published'),
  },
  {
    action: 'events.cancel',
    expect: ORGANISER,
    fields: async (world, actor) => ({ eventId: (await by(world, actor)).id, reason: 'Ill.' }),
    effect: async (world, _actor, fields) =>
      expect(await statusOf(world, (fields as Record<string, string>).eventId!)).toBe('cancelled'),
  },
  {
    action: 'events.deleteDraft',
    expect: ORGANISER,
    fields: async (world, actor) => ({ eventId: (await by(world, actor, { status: 'draft' })).id }),
    effect: async (world, _actor, fields) => {
      const id = (fields as Record<string, string>).eventId!;
      expect(await world.db.select().from(events).where(eq(events.id, id)).get()).toBeUndefined();
    },
  },
  {
    action: 'events.updateMaterials',
    expect: ORGANISER,
    fields: async (world, actor) => ({
      eventId: (await by(world, actor, { startsAt: new Date(Date.now() - 3 * DAY) })).id,
      slidesUrl: 'https://slides.example.test/deck',
    }),
    effect: async (world, _actor, fields) => {
      const id = (fields as Record<string, string>).eventId!;
      expect((await world.db.select().from(events).where(eq(events.id, id)).get())!.slidesUrl).toBe(
        'https://slides.example.test/deck',
      );
    },
  },
  {
    action: 'events.announce',
    expect: ORGANISER,
    fields: async (world, actor) => {
      const event = await by(world, actor);
      await going(world, event.id, (await hostOf(world)).id);
      return { eventId: event.id, subject: 'Bring a laptop', message: 'Yes.' };
    },
  },
  {
    action: 'events.acceptInvitation',
    // Only the invited member answers their invitation.
    expect: only(['owner'], { member: 409, moderator: 409, admin: 409 }),
    fields: async (world, actor) => {
      const event = await createEvent(
        {
          organizer: await hostOf(world),
          people: [{ user: ownerFor(world, actor), role: 'speaker', status: 'invited' }],
        },
        world.db,
      );
      return { eventId: event.id, role: 'speaker' };
    },
    effect: async (world, _actor, fields) => {
      const id = (fields as Record<string, string>).eventId!;
      const row = await world.db.select().from(eventPeople).where(eq(eventPeople.eventId, id)).get();
      expect(row!.status).toBe('accepted');
    },
  },
  {
    action: 'events.declineInvitation',
    // On a public event, someone without an invitation is told there is none to answer.
    expect: only(['owner'], { member: 409, moderator: 409, admin: 409 }),
    fields: async (world, actor) => {
      const event = await createEvent(
        { organizer: await hostOf(world), people: [{ user: ownerFor(world, actor), role: 'host', status: 'invited' }] },
        world.db,
      );
      return { eventId: event.id, role: 'host' };
    },
    effect: async (world, _actor, fields) => {
      const id = (fields as Record<string, string>).eventId!;
      const row = await world.db.select().from(eventPeople).where(eq(eventPeople.eventId, id)).get();
      expect(row!.status).toBe('declined');
    },
  },
  {
    action: 'events.stepDown',
    // Stepping down from what one is not is the same end state (no error), and leaves the co-host on.
    expect: SELF,
    fields: async (world, actor) => {
      const event = await createEvent(
        { organizer: await hostOf(world), people: [{ user: ownerFor(world, actor), role: 'host' }] },
        world.db,
      );
      return { eventId: event.id, role: 'host' };
    },
    effect: async (world, actor, fields) => {
      const id = (fields as Record<string, string>).eventId!;
      const left = await world.db.select().from(eventPeople).where(eq(eventPeople.eventId, id));
      expect(left, actor).toHaveLength(actor === 'owner' ? 0 : 1);
    },
  },
  {
    action: 'events.withdrawInvitation',
    // The organiser withdraws an invitation; the invitee cannot (they decline instead).
    expect: ORGANISER,
    fields: async (world, actor) => {
      const guest = await createMember({}, world.db);
      const event = await by(world, actor, { people: [{ user: guest, role: 'speaker', status: 'invited' }] });
      return { eventId: event.id, role: 'speaker', userId: guest.id };
    },
  },
  {
    action: 'events.rsvp',
    expect: SELF,
    fields: async (world) => ({ eventId: (await createEvent({ organizer: await hostOf(world) }, world.db)).id }),
    effect: async (world, actor, fields) => {
      const id = (fields as Record<string, string>).eventId!;
      const row = await world.db
        .select()
        .from(rsvps)
        .where(and(eq(rsvps.eventId, id), eq(rsvps.userId, memberOf(world, actor).id)))
        .get();
      expect(row?.status).toBe('going');
    },
  },
  {
    action: 'events.cancelRsvp',
    expect: SELF,
    fields: async (world, actor) => {
      const event = await createEvent({ organizer: await hostOf(world) }, world.db);
      if (signedIn(actor)) await going(world, event.id, memberOf(world, actor).id);
      return { eventId: event.id };
    },
  },
  {
    action: 'events.checkIn',
    // The organiser ticks people in at the door (from two hours before the start).
    expect: ORGANISER,
    fields: async (world, actor) => {
      const guest = await createMember({}, world.db);
      const event = await by(world, actor, { startsAt: new Date(Date.now() + HOUR) });
      await going(world, event.id, guest.id);
      return { eventId: event.id, userId: guest.id, attended: '1' };
    },
  },
  {
    action: 'events.selfCheckIn',
    // A member who is going checks in with the code; the owner here is the attendee.
    expect: only(['owner'], { member: 403, moderator: 403, admin: 403 }),
    fields: async (world, actor) => {
      const event = await createEvent(
        { organizer: await hostOf(world), startsAt: new Date(Date.now() + 10 * 60_000) },
        world.db,
      );
      await world.db.update(events).set({ checkInCode: 'K7P2QX' }).where(eq(events.id, event.id));
      await going(world, event.id, ownerFor(world, actor).id);
      return { eventId: event.id, code: 'K7P2QX' };
    },
  },
  {
    action: 'events.feedback',
    // Feedback is for the people who came (the owner here is the attendee).
    expect: only(['owner'], { member: 403, moderator: 403, admin: 403 }),
    fields: async (world, actor) => {
      const event = await createEvent(
        {
          organizer: await hostOf(world),
          startsAt: new Date(Date.now() - 2 * DAY),
          endsAt: new Date(Date.now() - 2 * DAY + 2 * HOUR),
        },
        world.db,
      );
      await going(world, event.id, ownerFor(world, actor).id);
      return { eventId: event.id, rating: '5' };
    },
  },
  {
    action: 'events.tellLearners',
    expect: ORGANISER,
    fields: async (world, actor) => {
      const event = await by(world, actor);
      const topic = await world.db.select().from(eventTopics).where(eq(eventTopics.eventId, event.id)).get();
      return { eventId: event.id, skillId: String(topic!.skillId) };
    },
  },
  {
    action: 'eventSeries.create',
    expect: SELF,
    fields: (_world, actor) => ({
      ...eventForm(`Weekly by ${actor}`),
      repeat: 'weekly',
      interval: '1',
      until: '2027-05-20',
    }),
  },
  {
    action: 'eventSeries.publish',
    expect: ORGANISER,
    fields: async (world) => ({ seriesId: (await draftSeries(world)).seriesId }),
  },
  {
    action: 'eventSeries.skip',
    expect: ORGANISER,
    fields: async (world) => ({ eventId: (await draftSeries(world)).firstEventId }),
  },
  {
    action: 'eventSeries.update',
    expect: ORGANISER,
    fields: async (world) => ({
      eventId: (await draftSeries(world)).firstEventId,
      ...eventForm('Renamed series date'),
      scope: 'one',
    }),
  },
];

export const pages: PageRow[] = [
  ...['edit', 'attendees', 'attendees.csv', 'check-in', 'summary'].map(
    (sub): PageRow => ({
      page: `/events/[slug]/${sub}`,
      // Running an event is the organiser's; everyone else sees no such page (the CSV download has no sign-in step).
      expect: {
        visitor: sub === 'attendees.csv' ? 404 : 'signin',
        member: 404,
        owner: 200,
        moderator: 404,
        admin: 404,
        suspended: 'notice',
      },
      path: async (world, actor) => {
        const event = await by(world, actor, { startsAt: new Date(Date.now() - 3 * DAY) });
        return `/events/${event.slug}/${sub}`;
      },
    }),
  ),
  {
    page: '/events/[slug] (a draft)',
    expect: { visitor: 404, member: 404, owner: 200, moderator: 404, admin: 404, suspended: 'notice' },
    path: async (world, actor) => `/events/${(await by(world, actor, { status: 'draft' })).slug}`,
  },
  {
    page: '/events/[slug].ics (a draft)',
    expect: { visitor: 404, member: 404, owner: 200, moderator: 404, admin: 404, suspended: 'notice' },
    path: async (world, actor) => `/events/${(await by(world, actor, { status: 'draft' })).slug}.ics`,
  },
  {
    page: '/events/new',
    expect: { visitor: 'signin', member: 200, owner: 200, moderator: 200, admin: 200, suspended: 'notice' },
    path: () => '/events/new',
  },
];
