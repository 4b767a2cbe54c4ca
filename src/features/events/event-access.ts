import { type DbOrTx, getDb } from '#db/client.ts';
import type { EventRole } from '#db/schema/index.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { notFound } from '#server/errors.ts';
import { canViewEvent } from './event-visibility.ts';
import * as repo from './events.repo.ts';
import { type EventRelation, relationTo } from './events.ts';

export interface EventAccess {
  event: repo.EventRow;
  organizer: NonNullable<Awaited<ReturnType<typeof repo.organizerOf>>>;
  /** Co-hosts and speakers who accepted: the only ones shown, notified or trusted as such. */
  people: repo.EventPerson[];
  /** Invitations not accepted (waiting or declined): for the organiser's eyes and the rules only. */
  invitations: repo.EventPerson[];
  /** The roles the viewer is invited to and has not answered yet. */
  invitedAs: EventRole[];
  rsvp: Awaited<ReturnType<typeof repo.findRsvp>>;
  relation: EventRelation;
}

/**
 * Loads an event with how the viewer relates to it, or throws NOT_FOUND when it does
 * not exist or the viewer may not see it (`canViewEvent`: someone else's draft, a
 * hidden event, a withdrawn organiser's) — the cases must look the same.
 */
export async function loadEvent(
  key: { id: string } | { slug: string },
  viewer: Viewer,
  db: DbOrTx = getDb(),
): Promise<EventAccess> {
  const viewerId = viewer?.id ?? null;
  const event = 'id' in key ? await repo.findEventById(key.id, db) : await repo.findEventBySlug(key.slug, db);
  if (!event) throw notFound('We could not find that event.');
  const [everyone, rsvp, organizer] = await Promise.all([
    repo.peopleFor([event.id], db).then((m) => m.get(event.id) ?? []),
    viewerId ? repo.findRsvp(event.id, viewerId, db) : Promise.resolve(undefined),
    repo.organizerOf(event.id, db),
  ]);
  if (!organizer) throw notFound('We could not find that event.');
  // Only people who accepted count as co-hosts and speakers, for every rule that follows.
  const people = everyone.filter((p) => p.status === 'accepted');
  const invitations = everyone.filter((p) => p.status !== 'accepted');
  const invitedAs = invitations.filter((p) => p.userId === viewerId && p.status === 'invited').map((p) => p.role);
  const relation = relationTo(viewerId, {
    organizerId: event.organizerId,
    hostIds: people.filter((p) => p.role === 'host').map((p) => p.userId),
    speakerIds: people.filter((p) => p.role === 'speaker').map((p) => p.userId),
    rsvpStatus: rsvp?.status ?? null,
  });
  if (!canViewEvent(event, relation, viewer, organizer, invitedAs.length > 0))
    throw notFound('We could not find that event.');
  return { event, organizer, people, invitations, invitedAs, rsvp, relation };
}

/** The event's page address. */
export function eventPath(event: { slug: string }): string {
  return `/events/${event.slug}`;
}
