import type { EventFormat, EventKind, EventStatus } from '#db/schema/index.ts';
import { listSummary } from '#features/lists/list-views.service.ts';
import { memberZone } from '#features/members/members.service.ts';
import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { type PersonRef, personRef } from '#features/members/visibility.ts';
import { findSkillBySlug } from '#features/skills/skills.service.ts';
import { buildCalendar } from '#server/calendar/ics.ts';
import { config } from '#server/config.ts';
import { isAppError, notFound } from '#server/errors.ts';
import { renderMarkdown } from '#server/markdown.ts';
import { searchIndex } from '#server/search/index.ts';
import type { SearchFilters } from '#server/search/types.ts';
import { toLocalInputValue } from '#server/time/zones.ts';
import { toCsv } from './csv.ts';
import { loadEvent } from './event-access.ts';
import * as listings from './event-listings.repo.ts';
import { pendingInvitations } from './event-people.repo.ts';
import { dayKey, describeWhen, type EventWhen } from './event-times.ts';
import { eventCalendarEntry } from './events.calendar.ts';
import * as repo from './events.repo.ts';
import { canEditMaterials, canManage, canRsvp, canSeeOnlineLink } from './events.ts';
import { freeSeats, waitlistPosition } from './waitlist.ts';

/** The zone to show times in: the member's own; null for visitors (the event's zone is shown then). */
export function zoneFor(viewer: Viewer): Promise<string | null> {
  return memberZone(viewer);
}

export interface EventCard {
  id: string;
  slug: string;
  title: string;
  kind: EventKind;
  format: EventFormat;
  status: EventStatus;
  startsAt: Date;
  endsAt: Date;
  when: EventWhen;
  /** Day the card is grouped under, YYYY-MM-DD in the zone shown. */
  day: string;
  topics: repo.EventTopic[];
  capacity: number;
  going: number;
  seatsLeft: number;
  hasRecording: boolean;
  hasSlides: boolean;
}

/** Cards for listings, in the order given, with times in the viewer's zone. */
export async function toCards(rows: repo.EventRow[], viewerZone: string | null): Promise<EventCard[]> {
  const topics = await repo.topicsFor(rows.map((r) => r.id));
  return rows.map((e) => ({
    id: e.id,
    slug: e.slug,
    title: e.title,
    kind: e.kind,
    format: e.format,
    status: e.status,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    when: describeWhen(e.startsAt, e.endsAt, e.timezone, viewerZone),
    day: dayKey(e.startsAt, viewerZone ?? e.timezone),
    topics: topics.get(e.id) ?? [],
    capacity: e.capacity,
    going: e.goingCount,
    seatsLeft: freeSeats(e.capacity, e.goingCount),
    hasRecording: e.recordingUrl !== null,
    hasSlides: e.slidesUrl !== null,
  }));
}

export interface BrowseQuery {
  q?: string | undefined;
  when: 'upcoming' | 'past';
  kind?: EventKind | undefined;
  topic?: string | undefined;
  format?: 'online' | 'in_person' | undefined;
  page: number;
}

/** "Online" includes hybrid events; so does "in person". */
function formatsFor(format: BrowseQuery['format']): EventFormat[] | undefined {
  if (format === 'online') return ['online', 'hybrid'];
  if (format === 'in_person') return ['in_person', 'hybrid'];
  return undefined;
}

/** Filters for the engine: the same meaning as the SQL listing's. */
function engineFilters(query: BrowseQuery, now: Date): SearchFilters {
  const filters: SearchFilters = {
    status: 'published',
    endsAt: query.when === 'upcoming' ? { gte: now.getTime() + 1 } : { lte: now.getTime() },
  };
  if (query.kind) filters.kind = query.kind;
  if (query.topic) filters.topicSlugs = query.topic;
  if (query.format === 'online') filters.online = true;
  if (query.format === 'in_person') filters.inPerson = true;
  return filters;
}

/**
 * /events: published events by date, in the viewer's zone. Text search and the kind and
 * topic filters go through the search engine (typos, aliases); the plain date listing
 * is a database query. When the engine is down the filters fall back to the database
 * and a text search says it is unavailable.
 */
export async function browseEvents(viewer: Viewer, query: BrowseQuery, now = new Date()) {
  const perPage = 20;
  const [zone, topic, topicCounts, mine] = await Promise.all([
    zoneFor(viewer),
    query.topic ? findSkillBySlug(query.topic) : undefined,
    listings.topicCounts(query.when, now),
    viewer ? myEvents(viewer, now) : Promise.resolve(null),
  ]);
  let notice: string | null = null;
  if (query.q || query.kind || query.topic) {
    const outcome = await searchIndex('events', {
      q: query.q ?? '',
      filters: engineFilters(query, now),
      sort: [query.when === 'upcoming' ? 'startsAt:asc' : 'startsAt:desc'],
      page: query.page,
      hitsPerPage: perPage,
    });
    if (outcome.ok) {
      const ids = outcome.result.hits.map((h) => h.id);
      // The database has the last word: an event changed since it was indexed is shown as it is now.
      const { rows } = await listings.listEvents({ when: query.when, ids }, { limit: perPage, offset: 0 }, now);
      return {
        cards: await toCards(rows, zone),
        total: outcome.result.total,
        perPage,
        zone,
        topic: topic ?? null,
        topicCounts,
        mine,
        notice,
      };
    }
    notice = query.q ? `${outcome.message} Showing events without the text search.` : null;
  }
  const filters: listings.ListingFilters = {
    when: query.when,
    kinds: query.kind ? [query.kind] : undefined,
    formats: formatsFor(query.format),
    // An unknown topic matches nothing rather than everything.
    skillIds: query.topic ? [topic?.id ?? -1] : undefined,
  };
  const { rows, total } = await listings.listEvents(
    filters,
    { limit: perPage, offset: (query.page - 1) * perPage },
    now,
  );
  return { cards: await toCards(rows, zone), total, perPage, zone, topic: topic ?? null, topicCounts, mine, notice };
}

/**
 * A member's drafts, events they organise, events they are going to or waitlisted for,
 * and invitations to co-host or speak that wait for their answer.
 */
export async function myEvents(viewer: MemberViewer, now = new Date()) {
  const zone = await zoneFor(viewer);
  const [organised, rsvped, invitations] = await Promise.all([
    listings.organisedBy(viewer.id, now),
    listings.rsvpedBy(viewer.id, now),
    pendingInvitations(viewer.id, now),
  ]);
  return {
    invited: (
      await toCards(
        invitations.map((i) => i.event),
        zone,
      )
    ).map((card, i) => ({ ...card, role: invitations[i]!.role })),
    drafts: await toCards(
      organised.filter((e) => e.status === 'draft'),
      zone,
    ),
    organising: await toCards(
      organised.filter((e) => e.status === 'published'),
      zone,
    ),
    attending: (
      await toCards(
        rsvped.map((r) => r.event),
        zone,
      )
    ).map((card, i) => ({ ...card, rsvp: rsvped[i]!.status })),
  };
}

/** Upcoming published events on any of these topics (topic pages, profiles). */
export async function upcomingForSkills(
  skillIds: number[],
  viewer: Viewer,
  limit = 4,
  now = new Date(),
): Promise<EventCard[]> {
  if (skillIds.length === 0) return [];
  const rows = await listings.upcomingForSkills(skillIds, limit, now);
  // Most members' topics have no upcoming event: the viewer's zone is read only when there is one to show.
  return rows.length === 0 ? [] : toCards(rows, await zoneFor(viewer));
}

/** The next few published events (home page). */
export async function upcomingEvents(viewer: Viewer, limit = 4, now = new Date()): Promise<EventCard[]> {
  const [{ rows }, zone] = await Promise.all([
    listings.listEvents({ when: 'upcoming' }, { limit, offset: 0 }, now),
    zoneFor(viewer),
  ]);
  return toCards(rows, zone);
}

/** Published events a reading list is attached to (the list page's "Used at"). */
export function eventsUsingList(listId: string) {
  return listings.eventsWithList(listId);
}

/** Events the viewer runs (organiser, host or speaker), to attach a reading list to; none for a visitor. */
export async function eventsRunBy(viewer: Viewer) {
  return viewer ? listings.runBy(viewer.id) : [];
}

const GOING_SHOWN = 30;

/** Everything /events/<slug> shows, scoped to what this viewer may see. */
export async function getEventPage(viewer: Viewer, slug: string, now = new Date()) {
  const { event, organizer, people, invitations, invitedAs, rsvp, relation } = await loadEvent({ slug }, viewer);
  const [zone, topics, going, counts, waitlist, readingList] = await Promise.all([
    zoneFor(viewer),
    repo.topicsFor([event.id]).then((m) => m.get(event.id) ?? []),
    repo.publicGoing(event.id, GOING_SHOWN),
    repo.countByStatus(event.id),
    rsvp?.status === 'waitlisted' ? repo.waitlist(event.id) : Promise.resolve([]),
    event.readingListId ? listSummary(event.readingListId, viewer) : Promise.resolve(null),
  ]);
  const started = event.startsAt.getTime() <= now.getTime();
  const ended = event.endsAt.getTime() <= now.getTime();
  const refs = (role: 'host' | 'speaker'): PersonRef[] =>
    people.filter((p) => p.role === role).map((p) => personRef(p, viewer));
  return {
    event,
    relation,
    descriptionHtml: renderMarkdown(event.description),
    when: describeWhen(event.startsAt, event.endsAt, event.timezone, zone),
    topics,
    organizer: personRef(organizer, viewer),
    hosts: refs('host'),
    speakers: refs('speaker'),
    /** Invitations to the viewer that wait for their answer, and the roles they accepted (to step down from). */
    mine: {
      invitedAs,
      accepted: viewer ? people.filter((p) => p.userId === viewer.id).map((p) => p.role) : [],
    },
    /** For the organiser only: who has not accepted (yet), so they can follow up or withdraw. */
    invitations: canManage(relation)
      ? invitations.map(({ userId, handle, displayName, role, status }) => ({
          userId,
          handle,
          displayName,
          role,
          status,
        }))
      : [],
    onlineUrl: canSeeOnlineLink(relation) ? event.onlineUrl : null,
    rsvpStatus: rsvp?.status === 'cancelled' ? null : (rsvp?.status ?? null),
    waitlistPosition: viewer && rsvp?.status === 'waitlisted' ? waitlistPosition(waitlist, viewer.id) : null,
    going,
    goingCount: counts.going,
    waitlistCount: counts.waitlisted,
    /** Going members not listed by name (members-only profiles, or beyond the first few). */
    goingUnlisted: Math.max(0, counts.going - going.length),
    seatsLeft: freeSeats(event.capacity, event.goingCount),
    started,
    ended,
    readingList,
    can: {
      rsvp: viewer !== null && canRsvp(relation) && event.status === 'published' && !started,
      manage: canManage(relation),
      editMaterials: canEditMaterials(relation) && event.status !== 'cancelled',
    },
  };
}

/** The attendee and waitlist lists, for the organiser only (anyone else: NOT_FOUND). */
export async function getAttendees(viewer: MemberViewer, slug: string) {
  const { event, relation } = await loadEvent({ slug }, viewer);
  if (!canManage(relation)) throw notFound('We could not find that event.');
  const [rows, zone] = await Promise.all([repo.attendees(event.id), zoneFor(viewer)]);
  return {
    event,
    zone: zone ?? event.timezone,
    going: rows.filter((r) => r.status === 'going'),
    waitlist: rows.filter((r) => r.status === 'waitlisted').map((r, i) => ({ ...r, position: i + 1 })),
  };
}

/** The attendees as CSV for a spreadsheet (formula-safe), organiser only. */
export async function attendeesCsv(viewer: MemberViewer, slug: string): Promise<{ filename: string; body: string }> {
  const { event, going, waitlist } = await getAttendees(viewer, slug);
  const site = config().siteOrigin;
  const rows = [
    ...going.map((r) => [
      r.displayName,
      r.handle,
      `${site}/people/${r.handle}`,
      'going',
      null,
      r.respondedAt.toISOString(),
      r.attendedAt ? 'yes' : 'no',
    ]),
    ...waitlist.map((r) => [
      r.displayName,
      r.handle,
      `${site}/people/${r.handle}`,
      'waitlisted',
      r.position,
      r.respondedAt.toISOString(),
      r.attendedAt ? 'yes' : 'no',
    ]),
  ];
  return {
    filename: `${event.slug}-attendees.csv`,
    body: toCsv(['Name', 'Handle', 'Profile', 'Status', 'Waitlist position', 'Responded at (UTC)', 'Attended'], rows),
  };
}

/** The .ics file for one event; the online link is in it only for people who may see it. */
export async function eventIcs(viewer: Viewer, slug: string): Promise<{ filename: string; body: string }> {
  const { event, relation } = await loadEvent({ slug }, viewer);
  const entry = eventCalendarEntry(event, {
    siteOrigin: config().siteOrigin,
    includeOnlineLink: canSeeOnlineLink(relation),
  });
  return {
    filename: `${event.slug}.ics`,
    body: buildCalendar([entry], { name: event.title, timezone: event.timezone }),
  };
}

export type EventPage = Awaited<ReturnType<typeof getEventPage>>;

/** The organiser's edit form, filled from the event (anyone else: NOT_FOUND). */
export async function getEventForEditing(viewer: MemberViewer, slug: string) {
  const { event, people, invitations, relation } = await loadEvent({ slug }, viewer);
  if (!canManage(relation)) throw notFound('We could not find that event.');
  const topics = (await repo.topicsFor([event.id])).get(event.id) ?? [];
  // Accepted and still-invited people stay named; a decline is final, so it is not offered again.
  const named = [...people, ...invitations.filter((p) => p.status === 'invited')];
  const handles = (role: 'host' | 'speaker') =>
    named
      .filter((p) => p.role === role)
      .map((p) => p.handle)
      .join(', ');
  const waiting = (role: 'host' | 'speaker', status: 'invited' | 'declined') =>
    invitations.filter((p) => p.role === role && p.status === status).map((p) => `@${p.handle}`);
  const note = (role: 'host' | 'speaker') =>
    [
      waiting(role, 'invited').length ? `Not answered yet: ${waiting(role, 'invited').join(', ')}.` : '',
      waiting(role, 'declined').length ? `Declined: ${waiting(role, 'declined').join(', ')}.` : '',
    ]
      .filter(Boolean)
      .join(' ') || null;
  return {
    event,
    /** Where the invitations in each field stand, for the form's hints. */
    peopleNotes: { hosts: note('host'), speakers: note('speaker') },
    values: {
      title: event.title,
      kind: event.kind,
      description: event.description,
      topics: topics.map((t) => t.name).join(', '),
      format: event.format,
      venue: event.venue ?? '',
      onlineUrl: event.onlineUrl ?? '',
      startsAt: toLocalInputValue(event.startsAt, event.timezone),
      endsAt: toLocalInputValue(event.endsAt, event.timezone),
      timezone: event.timezone,
      capacity: String(event.capacity),
      hosts: handles('host'),
      speakers: handles('speaker'),
    } as Record<string, string>,
  };
}

/** Whether an event is still on for this member (published, and they may see it): digests leave out the rest. */
export async function eventStillOn(slug: string, viewer: MemberViewer): Promise<boolean> {
  const access = await loadEvent({ slug }, viewer).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  return access?.event.status === 'published';
}

/** When a member is busy with events (going, organising, hosting or speaking), from `since` on: bookable time leaves these out. */
export async function busyWithEvents(userId: string, since: Date): Promise<{ start: Date; end: Date }[]> {
  const rows = await listings.feedEvents(userId, since);
  return rows.filter((e) => e.status === 'published').map((e) => ({ start: e.startsAt, end: e.endsAt }));
}

/** How many upcoming published events each topic has (by topic slug), for /insights. */
export async function upcomingEventCountsByTopic(now = new Date()): Promise<Map<string, number>> {
  return new Map((await listings.topicCounts('upcoming', now)).map((t) => [t.slug, t.n]));
}
