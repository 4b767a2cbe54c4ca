import { type DbOrTx, getDb } from '#db/client.ts';
import { uniqueViolation } from '#db/errors.ts';
import type { EventRole } from '#db/schema/index.ts';
import { announceToFollowers } from '#features/follows/follows.service.ts';
import { findReadingList } from '#features/lists/lists.service.ts';
import { blockedEitherWayIds, findMember } from '#features/members/members.service.ts';
import { requireVerifiedEmail } from '#features/members/verified-email.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { deliverEmails, type Notice, notify } from '#features/notifications/notifications.service.ts';
import { resolveTopicField } from '#features/skills/skills.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { generateId } from '#server/auth/tokens.ts';
import { AppError, invalid, notFound } from '#server/errors.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { slugify, splitList } from '#server/validation.ts';
import { eventPath, loadEvent } from './event-access.ts';
import { cancelInTransaction } from './event-cancel.ts';
import { eventFollowItem } from './event-follow-item.ts';
import { type PersonKey, syncPeople } from './event-people.repo.ts';
import { formatRange, validateEventTimes } from './event-times.ts';
import * as repo from './events.repo.ts';
import {
  type AnnouncementInput,
  canEditMaterials,
  canManage,
  EVENT_LIMITS,
  type EventInput,
  handleFromReference,
  type MaterialsInput,
} from './events.ts';
import { invitationNotices, removalNotices } from './invitations.service.ts';
import { promoteFromWaitlist } from './rsvp.service.ts';

type Actor = MemberViewer;

/** Slugs that are routes of their own under /events. */
const RESERVED_SLUGS = new Set(['new', 'feed', 'calendar', 'series']);

/** An event form checked and resolved: the columns, topic ids and people to write. */
export interface ValidEvent {
  fields: Omit<repo.NewEventRow, 'id' | 'slug' | 'organizerId' | 'createdAt' | 'updatedAt'>;
  topicIds: number[];
  /** Co-hosts and speakers as named, in order: invitations for anyone not yet asked. */
  people: PersonKey[];
}

/** Who may not be named on this event: people who declined a role on it, and members blocked either way. */
interface NamingLimits {
  declined: PersonKey[];
  blocked: Set<string>;
}

const atHandles = (handles: string[]) => handles.map((h) => `@${h}`).join(', ');

async function resolvePeople(
  role: EventRole,
  text: string | undefined,
  organizerId: string,
  limits: NamingLimits,
): Promise<{ ids: string[]; error: string | null }> {
  const field = role === 'host' ? 'co-hosts' : 'speakers';
  const handles = [...new Set(splitList(text).map(handleFromReference))];
  if (handles.length > EVENT_LIMITS.peopleMax)
    return { ids: [], error: `Name at most ${EVENT_LIMITS.peopleMax} ${field}.` };
  const found = await repo.usersByHandles(handles);
  const byHandle = new Map(found.map((u) => [u.handle, u]));
  const unknown = handles.filter((h) => !byHandle.has(h));
  if (unknown.length > 0) {
    return { ids: [], error: `No member with the handle ${atHandles(unknown)}. Use handles as in /people/<handle>.` };
  }
  const declined = handles.filter((h) =>
    limits.declined.some((d) => d.role === role && d.userId === byHandle.get(h)!.id),
  );
  if (declined.length > 0) {
    return {
      ids: [],
      error: `${atHandles(declined)} declined to ${role === 'host' ? 'co-host' : 'speak at'} this event, so cannot be asked again.`,
    };
  }
  const barred = handles.filter((h) => byHandle.get(h)!.suspendedAt || limits.blocked.has(byHandle.get(h)!.id));
  if (barred.length > 0) return { ids: [], error: `${atHandles(barred)} cannot be invited.` };
  // The organiser is shown as organising; naming them again as a host adds nothing.
  return {
    ids: handles.map((h) => byHandle.get(h)!.id).filter((id) => id !== organizerId || role === 'speaker'),
    error: null,
  };
}

/** Checks everything about the event form that zod cannot: times, place, topics, people. */
export async function validateEvent(
  input: EventInput,
  organizerId: string,
  now: Date,
  existing?: { event: repo.EventRow; invitations: repo.EventPerson[] },
): Promise<ValidEvent> {
  const errors: Record<string, string> = {};
  const times = validateEventTimes(input.startsAt, input.endsAt, input.timezone, now, existing?.event.startsAt);
  if (!times.ok) Object.assign(errors, times.fields);
  const needsVenue = input.format === 'in_person' || input.format === 'hybrid';
  const needsLink = input.format === 'online' || input.format === 'hybrid';
  if (needsVenue && !input.venue) errors.venue = 'Enter the venue: a name and address people can find.';
  if (needsLink && !input.onlineUrl)
    errors.onlineUrl = 'Enter the link people join with (only people going will see it).';

  const limits: NamingLimits = {
    declined: (existing?.invitations ?? []).filter((p) => p.status === 'declined'),
    blocked: await blockedEitherWayIds(organizerId),
  };
  const [topics, hosts, speakers] = await Promise.all([
    resolveTopicField(splitList(input.topics), EVENT_LIMITS.topicsMax),
    resolvePeople('host', input.hosts, organizerId, limits),
    resolvePeople('speaker', input.speakers, organizerId, limits),
  ]);
  if (topics.error) errors.topics = topics.error;
  if (hosts.error) errors.hosts = hosts.error;
  if (speakers.error) errors.speakers = speakers.error;
  if (Object.keys(errors).length > 0 || !times.ok) throw invalid(errors);

  return {
    fields: {
      title: input.title,
      kind: input.kind,
      description: input.description ?? '',
      format: input.format,
      venue: needsVenue ? input.venue || null : null,
      onlineUrl: needsLink ? input.onlineUrl || null : null,
      startsAt: times.startsAt,
      endsAt: times.endsAt,
      timezone: input.timezone,
      capacity: input.capacity,
    },
    topicIds: topics.topics.map((t) => t.id),
    people: [
      ...hosts.ids.map((userId) => ({ userId, role: 'host' as const })),
      ...speakers.ids.map((userId) => ({ userId, role: 'speaker' as const })),
    ],
  };
}

/** A slug for a new event from its title that no event has yet. */
export async function freeSlug(title: string): Promise<string> {
  const base = slugify(title);
  for (let n = 1; n < 50; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!RESERVED_SLUGS.has(candidate) && !(await repo.slugTaken(candidate))) return candidate;
  }
  return `${base}-${generateId().slice(0, 6)}`;
}

/**
 * Inviting people reaches them: a confirmed email address, and a daily limit on saves
 * that invite anyone (counted once the form is valid).
 */
export async function mayInvite(actor: Actor, newcomers: PersonKey[], now: Date): Promise<void> {
  if (newcomers.every((p) => p.userId === actor.id)) return;
  await requireVerifiedEmail(actor, 'invite co-hosts and speakers');
  await enforceRateLimit(RATE_LIMITS.eventInvitesPerUser, actor.id, now);
}

async function organizerName(actor: Actor): Promise<string> {
  return (await findMember(actor.id))?.displayName ?? actor.handle;
}

/**
 * Creates a draft event; only its organiser (and the people it invites) see it until it
 * is published. Co-hosts and speakers named in it are invited, not added.
 */
export async function createEvent(
  actor: Actor,
  input: EventInput,
  now = new Date(),
): Promise<{ id: string; slug: string }> {
  const valid = await validateEvent(input, actor.id, now);
  await mayInvite(actor, valid.people, now);
  // Counted once the form is valid: a mistyped form is not an event created.
  await enforceRateLimit(RATE_LIMITS.eventCreatePerUser, actor.id, now);
  const id = generateId();
  const inviter = await organizerName(actor);
  for (let attempt = 0; ; attempt++) {
    const slug = await freeSlug(input.title);
    try {
      const rows = await getDb().transaction(async (tx) => {
        const row = { ...valid.fields, id, slug, organizerId: actor.id, status: 'draft' as const };
        await repo.insertEvent({ ...row, createdAt: now, updatedAt: now }, tx);
        await repo.replaceTopics(id, valid.topicIds, tx);
        const { invited } = await syncPeople(id, actor.id, valid.people, now, tx);
        await enqueueIndexJob(tx, 'events', id, 'upsert', now);
        return notify(tx, invitationNotices(row, inviter, invited), now);
      });
      await deliverEmails(rows, now);
      return { id, slug };
    } catch (error) {
      // Someone took the same slug between our check and our insert: pick the next one.
      if (attempt < 3 && uniqueViolation(error)?.includes('events.slug')) continue;
      throw error;
    }
  }
}

/** What changed that attendees must hear about (time, place, link, title), in words; null if nothing did. */
export function noticeableChange(before: repo.EventRow, after: ValidEvent['fields']): string | null {
  const changes: string[] = [];
  if (before.startsAt.getTime() !== after.startsAt.getTime() || before.endsAt.getTime() !== after.endsAt.getTime()) {
    changes.push(`New time: ${formatRange(after.startsAt!, after.endsAt!, after.timezone!)} (${after.timezone}).`);
  }
  if (before.format !== after.format || (before.venue ?? null) !== (after.venue ?? null)) {
    changes.push(after.venue ? `Venue: ${after.venue}.` : 'It is now online only.');
  }
  if ((before.onlineUrl ?? null) !== (after.onlineUrl ?? null) && after.onlineUrl)
    changes.push('The online link changed: see the event page.');
  if (before.title !== after.title) changes.push(`New title: ${after.title}.`);
  return changes.length > 0 ? changes.join(' ') : null;
}

/**
 * Edits an event (organiser only; not once cancelled). Every change bumps the calendar
 * sequence; a change of time, place or link notifies everyone going or waitlisted. A
 * higher capacity promotes from the waitlist; a lower one keeps every existing seat.
 */
export async function updateEvent(
  actor: Actor,
  eventId: string,
  input: EventInput,
  now = new Date(),
  /** More writes that belong to the same change (a series marks a date edited on its own). */
  alongside?: (tx: DbOrTx, before: repo.EventRow) => Promise<void>,
): Promise<{ slug: string }> {
  const { event, relation, people, invitations } = await loadEvent({ id: eventId }, actor);
  if (!canManage(relation)) throw notFound('We could not find that event.');
  if (event.status === 'cancelled')
    throw new AppError('CONFLICT', 'This event was cancelled, so it can no longer be edited.');
  const valid = await validateEvent(input, actor.id, now, { event, invitations });
  const known = [...people, ...invitations];
  await mayInvite(
    actor,
    valid.people.filter((p) => !known.some((k) => k.userId === p.userId && k.role === p.role)),
    now,
  );
  const change = event.status === 'published' ? noticeableChange(event, valid.fields) : null;
  const inviter = await organizerName(actor);

  const rows = await getDb().transaction(async (tx) => {
    await repo.updateEvent(event.id, valid.fields, now, tx);
    await repo.replaceTopics(event.id, valid.topicIds, tx);
    const named = await syncPeople(event.id, actor.id, valid.people, now, tx);
    await enqueueIndexJob(tx, 'events', event.id, 'upsert', now);
    await alongside?.(tx, event);
    const after = { ...event, ...valid.fields };
    const notices: Notice[] = [
      ...invitationNotices(after, inviter, named.invited),
      ...removalNotices(after, inviter, named.removed),
    ];
    if (change) {
      const active = await repo.activeRsvpUserIds(event.id, ['going', 'waitlisted'], tx);
      for (const { userId } of active) {
        notices.push({
          userId,
          kind: 'event.updated',
          title: `${valid.fields.title} has changed`,
          body: change,
          url: eventPath(event),
          actorId: actor.id,
        });
      }
    }
    const promoted = event.status === 'published' ? await promoteFromWaitlist(tx, event.id, now) : [];
    return [...(await notify(tx, notices, now)), ...promoted];
  });
  await deliverEmails(rows);
  return { slug: event.slug };
}

/** Publishes a draft: it appears in listings and search, and co-hosts and speakers who accepted hear about it. */
export async function publishEvent(actor: Actor, eventId: string, now = new Date()): Promise<{ slug: string }> {
  const { event, people, relation } = await loadEvent({ id: eventId }, actor);
  if (!canManage(relation)) throw notFound('We could not find that event.');
  if (event.status !== 'draft') throw new AppError('CONFLICT', 'Only a draft can be published.');
  await requireVerifiedEmail(actor, 'publish events');
  const rows = await getDb().transaction(async (tx) => {
    await repo.updateEvent(event.id, { status: 'published', publishedAt: now }, now, tx);
    await enqueueIndexJob(tx, 'events', event.id, 'upsert', now);
    const notices: Notice[] = [...new Set(people.map((p) => p.userId))]
      .filter((id) => id !== actor.id)
      .map((userId) => ({
        userId,
        kind: 'event.published',
        title: `You are on the programme of ${event.title}`,
        body:
          'The event is published and open for RSVPs. You do not need to RSVP: you have a place as ' +
          `${people.find((p) => p.userId === userId)?.role ?? 'host'}.`,
        url: eventPath(event),
        actorId: actor.id,
      }));
    const item = await eventFollowItem(event, tx);
    // Hosts and speakers just heard about it; followers hear once, however often publishing is retried.
    const toFollowers = item ? await announceToFollowers(tx, item, now, { exclude: notices.map((n) => n.userId) }) : [];
    return notify(tx, [...notices, ...toFollowers], now);
  });
  await deliverEmails(rows);
  return { slug: event.slug };
}

/** Cancels a published event: it stays visible, marked cancelled, and everyone concerned is told. */
export async function cancelEvent(
  actor: Actor,
  eventId: string,
  reason: string | undefined,
  now = new Date(),
  /** More writes that belong to the same change (a series records the skipped date). */
  alongside?: (tx: DbOrTx) => Promise<void>,
): Promise<{ slug: string; notified: number }> {
  const { event, relation } = await loadEvent({ id: eventId }, actor);
  if (!canManage(relation)) throw notFound('We could not find that event.');
  if (event.status !== 'published') {
    throw new AppError(
      'CONFLICT',
      event.status === 'draft' ? 'A draft is not public yet: delete it instead.' : 'This event is already cancelled.',
    );
  }
  const rows = await getDb().transaction(async (tx) => {
    await alongside?.(tx);
    return notify(tx, await cancelInTransaction(tx, event, actor.id, { text: reason || null }, now), now);
  });
  await deliverEmails(rows);
  return { slug: event.slug, notified: rows.length };
}

/** Deletes a draft for good (published events are cancelled instead, so links keep working). */
export async function deleteDraft(
  actor: Actor,
  eventId: string,
  now = new Date(),
  alongside?: (tx: DbOrTx) => Promise<void>,
): Promise<void> {
  const { event, relation } = await loadEvent({ id: eventId }, actor);
  if (!canManage(relation)) throw notFound('We could not find that event.');
  if (event.status !== 'draft')
    throw new AppError('CONFLICT', 'Only drafts can be deleted. Cancel a published event instead.');
  await getDb().transaction(async (tx) => {
    await repo.deleteEvent(event.id, tx);
    await enqueueIndexJob(tx, 'events', event.id, 'delete', now);
    await alongside?.(tx);
  });
}

/** Slides, recordings and lists show on the public event page (see members/verified-email.ts). */
const SHARING_MATERIALS = 'share slides, recordings and reading lists';

/** Accepts a list slug or a link to /lists/<slug>. */
function listSlugFrom(reference: string): string {
  return (/\/lists\/([a-z0-9-]+)\/?$/i.exec(reference)?.[1] ?? reference).toLowerCase();
}

async function setMaterials(
  tx: DbOrTx,
  event: repo.EventRow,
  set: { slidesUrl?: string | null; recordingUrl?: string | null; readingListId?: string | null },
  now: Date,
) {
  await repo.updateEvent(event.id, set, now, tx);
  await enqueueIndexJob(tx, 'events', event.id, 'upsert', now);
}

/** Slides, recording and reading list: the organiser, hosts and speakers may set them, before or after the event. */
export async function updateMaterials(
  actor: Actor,
  input: MaterialsInput,
  now = new Date(),
): Promise<{ slug: string }> {
  const { event, relation } = await loadEvent({ id: input.eventId }, actor);
  if (!canEditMaterials(relation)) throw notFound('We could not find that event.');
  if (event.status === 'cancelled') throw new AppError('CONFLICT', 'This event was cancelled.');
  await requireVerifiedEmail(actor, SHARING_MATERIALS);
  let readingListId: string | null = null;
  if (input.readingList) {
    const list = await findReadingList({ slug: listSlugFrom(input.readingList) }, actor);
    if (!list)
      throw invalid({
        readingList: 'There is no reading list at that address. Paste its link or choose one of yours.',
      });
    readingListId = list.id;
  }
  await getDb().transaction((tx) =>
    setMaterials(
      tx,
      event,
      { slidesUrl: input.slidesUrl || null, recordingUrl: input.recordingUrl || null, readingListId },
      now,
    ),
  );
  return { slug: event.slug };
}

/** Attaches a reading list to an event (from the list's page); same rule as the materials form. */
export async function attachReadingList(
  actor: Actor,
  eventId: string,
  listId: string,
  now = new Date(),
): Promise<{ slug: string }> {
  const { event, relation } = await loadEvent({ id: eventId }, actor);
  if (!canEditMaterials(relation)) throw notFound('We could not find that event.');
  if (event.status === 'cancelled') throw new AppError('CONFLICT', 'This event was cancelled.');
  await requireVerifiedEmail(actor, SHARING_MATERIALS);
  if (!(await findReadingList({ id: listId }, actor))) throw notFound('We could not find that reading list.');
  await getDb().transaction((tx) => setMaterials(tx, event, { readingListId: listId }, now));
  return { slug: event.slug };
}

/** Sends a message to everyone going: an inbox notification each, and email when SMTP is configured. */
export async function announce(actor: Actor, input: AnnouncementInput, now = new Date()): Promise<{ sent: number }> {
  const { event, relation } = await loadEvent({ id: input.eventId }, actor);
  if (!canManage(relation)) throw notFound('We could not find that event.');
  if (event.status !== 'published') throw new AppError('CONFLICT', 'Announcements go out for published events only.');
  await requireVerifiedEmail(actor, 'send announcements');
  const going = await repo.activeRsvpUserIds(event.id, ['going']);
  if (going.length === 0) throw new AppError('CONFLICT', 'Nobody is going yet, so there is no one to send it to.');
  await enforceRateLimit(RATE_LIMITS.eventAnnouncePerEvent, event.id, now);
  const rows = await getDb().transaction((tx) =>
    notify(
      tx,
      going.map(({ userId }) => ({
        userId,
        kind: 'event.announcement',
        title: `${event.title}: ${input.subject}`,
        body: input.message,
        url: eventPath(event),
        actorId: actor.id,
      })),
      now,
    ),
  );
  await deliverEmails(rows);
  return { sent: rows.length };
}
