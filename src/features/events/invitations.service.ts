import { getDb } from '#db/client.ts';
import type { EventRole } from '#db/schema/index.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import { deliverEmails, type Notice, notify } from '#features/notifications/notifications.service.ts';
import { AppError, notFound } from '#server/errors.ts';
import { eventPath, loadEvent } from './event-access.ts';
import * as people from './event-people.repo.ts';
import { formatRange } from './event-times.ts';
import * as repo from './events.repo.ts';
import { canManage, EVENT_ROLE_WORDS } from './events.ts';
import { leaveEvent } from './rsvp.service.ts';

/*
 * Co-hosts and speakers by consent. The organiser names people; each gets an invitation
 * (inbox, and email with SMTP) and answers it on the event page. Until they accept,
 * their name shows nowhere and they have no say in the event; a decline is final for
 * that event and role; the organiser can withdraw an unanswered invitation and the
 * person can step down later. Each answer is one conditional write (event-people.repo),
 * so answers crossing each other leave exactly one in effect, with its notice.
 */

type Actor = MemberViewer;
type Person = people.PersonKey;

const NOT_FOUND = 'We could not find that event.';

/** "co-host X" / "speak at X". */
const toDo = (role: EventRole, title: string) => (role === 'host' ? `co-host ${title}` : `speak at ${title}`);

/** What notices about an event name: its title, time and address. */
type NoticeEvent = Pick<repo.EventRow, 'slug' | 'title' | 'startsAt' | 'endsAt' | 'timezone' | 'organizerId'>;

/** The notices inviting newly named people, to write in the transaction that names them. */
export function invitationNotices(event: NoticeEvent, organizerName: string, invited: Person[]): Notice[] {
  const when = `${formatRange(event.startsAt, event.endsAt, event.timezone)} (${event.timezone})`;
  return invited.map((p) => ({
    userId: p.userId,
    kind: 'event.invitation',
    title: `${organizerName} invited you to ${toDo(p.role, event.title)}`,
    body:
      `${when}. Your name appears on the event only if you accept; until then nobody else sees it. ` +
      'Accept or decline on the event page.',
    url: `${eventPath(event)}#invitation`,
    actorId: event.organizerId,
  }));
}

/** The notices for people the organiser took off the event: an invitation withdrawn, or a place on it. */
export function removalNotices(
  event: NoticeEvent,
  organizerName: string,
  removed: (Person & { status: string })[],
): Notice[] {
  return removed.map((p) =>
    p.status === 'invited'
      ? {
          userId: p.userId,
          kind: 'event.invitation.withdrawn',
          title: `Invitation withdrawn: ${event.title}`,
          body: `${organizerName} withdrew the invitation to ${toDo(p.role, 'the event')}. Nothing else changes for you.`,
          url: eventPath(event),
          actorId: event.organizerId,
        }
      : {
          userId: p.userId,
          kind: 'event.removed',
          title: `You are no longer the ${EVENT_ROLE_WORDS[p.role]} of ${event.title}`,
          body: `${organizerName} took you off the event; your name no longer shows on it.`,
          url: eventPath(event),
          actorId: event.organizerId,
        },
  );
}

/** A person's row among those `loadEvent` returned (for their name in notices and messages). */
function personIn(invitations: repo.EventPerson[], peopleShown: repo.EventPerson[], person: Person) {
  return [...invitations, ...peopleShown].find((p) => p.userId === person.userId && p.role === person.role);
}

/** Why an answer changed nothing: null when it was already given, else a CONFLICT saying where it stands. */
async function whyNot(eventId: string, person: Person, wanted: 'accepted' | 'declined'): Promise<AppError | null> {
  const status = await people.statusOf(eventId, person);
  if (status === wanted) return null; // said twice (a double click, two tabs): nothing more to do
  if (status === 'accepted')
    return new AppError('CONFLICT', 'You already accepted this invitation. You can step down on the event page.');
  if (status === 'declined') return new AppError('CONFLICT', 'You declined this invitation.');
  return new AppError('CONFLICT', 'There is no invitation for you to answer: the organiser may have withdrawn it.');
}

/** The invited member accepts: from now on their name shows and they help run the event. */
export async function acceptInvitation(
  actor: Actor,
  input: { eventId: string; role: EventRole },
  now = new Date(),
): Promise<{ slug: string }> {
  const { event, invitations, people: shown } = await loadEvent({ id: input.eventId }, actor);
  if (event.status === 'cancelled') throw new AppError('CONFLICT', 'This event was cancelled.');
  const me: Person = { userId: actor.id, role: input.role };
  const name = personIn(invitations, shown, me)?.displayName ?? actor.handle;
  const rows = await getDb().transaction(async (tx) => {
    if (!(await people.answer(event.id, me, 'invited', 'accepted', now, tx))) return null;
    // Running the event, they need no seat: one they held goes to the waitlist.
    const promoted = await leaveEvent(tx, event.id, actor.id, now);
    const told = await notify(
      tx,
      [
        {
          userId: event.organizerId,
          kind: 'event.invitation.accepted',
          title: `${name} will ${toDo(input.role, event.title)}`,
          body: 'They accepted your invitation: their name now shows on the event.',
          url: eventPath(event),
          actorId: actor.id,
        },
      ],
      now,
    );
    return [...told, ...promoted];
  });
  if (!rows) {
    const error = await whyNot(event.id, me, 'accepted');
    if (error) throw error;
    return { slug: event.slug };
  }
  await deliverEmails(rows, now);
  return { slug: event.slug };
}

/** Where an answer leaves the person: the event's address, and whether they can still open it (not a draft). */
export interface AnswerResult {
  slug: string;
  stillVisible: boolean;
}

/** The invited member declines; the organiser is told. A decline is final for this event and role. */
export async function declineInvitation(
  actor: Actor,
  input: { eventId: string; role: EventRole },
  now = new Date(),
): Promise<AnswerResult> {
  const { event, invitations, people: shown } = await loadEvent({ id: input.eventId }, actor);
  const me: Person = { userId: actor.id, role: input.role };
  const name = personIn(invitations, shown, me)?.displayName ?? actor.handle;
  const rows = await getDb().transaction(async (tx) => {
    if (!(await people.answer(event.id, me, 'invited', 'declined', now, tx))) return null;
    return notify(
      tx,
      [
        {
          userId: event.organizerId,
          kind: 'event.invitation.declined',
          title: `${name} declined to ${toDo(input.role, event.title)}`,
          body: 'Their name stays off the event.',
          url: eventPath(event),
          actorId: actor.id,
        },
      ],
      now,
    );
  });
  const result = { slug: event.slug, stillVisible: event.status !== 'draft' };
  if (!rows) {
    const error = await whyNot(event.id, me, 'declined');
    if (error) throw error;
    return result;
  }
  await deliverEmails(rows, now);
  return result;
}

/** The organiser takes back an invitation nobody has answered yet. */
export async function withdrawInvitation(
  actor: Actor,
  input: { eventId: string; userId: string; role: EventRole },
  now = new Date(),
): Promise<{ slug: string }> {
  const { event, relation, invitations, people: shown } = await loadEvent({ id: input.eventId }, actor);
  if (!canManage(relation)) throw notFound(NOT_FOUND);
  const invitee: Person = { userId: input.userId, role: input.role };
  const name = personIn(invitations, shown, invitee)?.displayName ?? 'They';
  const organizerName = (await repo.organizerOf(event.id))?.displayName ?? actor.handle;
  const rows = await getDb().transaction(async (tx) => {
    if (!(await people.removeIf(event.id, invitee, 'invited', tx))) return null;
    return notify(tx, removalNotices(event, organizerName, [{ ...invitee, status: 'invited' }]), now);
  });
  if (!rows) {
    const status = await people.statusOf(event.id, invitee);
    if (status === 'accepted')
      throw new AppError(
        'CONFLICT',
        `${name} accepted a moment ago. To take them off the event, remove them in the event's edit form.`,
      );
    if (status === 'declined') throw new AppError('CONFLICT', `${name} already declined.`);
    return { slug: event.slug }; // already withdrawn
  }
  await deliverEmails(rows, now);
  return { slug: event.slug };
}

/** A co-host or speaker who accepted steps down: their name leaves the event and the organiser is told. */
export async function stepDown(
  actor: Actor,
  input: { eventId: string; role: EventRole },
  now = new Date(),
): Promise<AnswerResult> {
  const { event, people: shown } = await loadEvent({ id: input.eventId }, actor);
  const me: Person = { userId: actor.id, role: input.role };
  const name = personIn([], shown, me)?.displayName ?? actor.handle;
  const rows = await getDb().transaction(async (tx) => {
    if (!(await people.removeIf(event.id, me, 'accepted', tx))) return null;
    return notify(
      tx,
      [
        {
          userId: event.organizerId,
          kind: 'event.stepped-down',
          title: `${name} stepped down as ${EVENT_ROLE_WORDS[input.role]} of ${event.title}`,
          body: 'Their name no longer shows on the event.',
          url: eventPath(event),
          actorId: actor.id,
        },
      ],
      now,
    );
  });
  // Nothing to step down from (already off the event): the same end state, so no error.
  if (rows) await deliverEmails(rows, now);
  return { slug: event.slug, stillVisible: event.status !== 'draft' };
}

/**
 * The co-hosts of an event who accepted, in the organiser's order: the people who may
 * take it over (e.g. when its organiser is suspended). Pending invitations never count.
 */
export function acceptedCoHosts(eventId: string): Promise<{ userId: string; handle: string; displayName: string }[]> {
  return people.peopleWithStatus(eventId, 'host', 'accepted');
}
