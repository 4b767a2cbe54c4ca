import { type DbOrTx, getDb } from '#db/client.ts';
import type { EventRole } from '#db/schema/index.ts';
import { notFound } from '#server/errors.ts';
import * as repo from './events.repo.ts';
import { canView, type EventRelation, relationTo } from './events.ts';

export interface EventAccess {
  event: repo.EventRow;
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
 * not exist or is someone else's draft (the two must look the same).
 */
export async function loadEvent(
  key: { id: string } | { slug: string },
  viewerId: string | null,
  db: DbOrTx = getDb(),
): Promise<EventAccess> {
  const event = 'id' in key ? await repo.findEventById(key.id, db) : await repo.findEventBySlug(key.slug, db);
  if (!event) throw notFound('We could not find that event.');
  const [everyone, rsvp] = await Promise.all([
    repo.peopleFor([event.id], db).then((m) => m.get(event.id) ?? []),
    viewerId ? repo.findRsvp(event.id, viewerId, db) : Promise.resolve(undefined),
  ]);
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
  if (!canView(event.status, relation, invitedAs.length > 0)) throw notFound('We could not find that event.');
  return { event, people, invitations, invitedAs, rsvp, relation };
}

/** The event's page address. */
export function eventPath(event: { slug: string }): string {
  return `/events/${event.slug}`;
}
