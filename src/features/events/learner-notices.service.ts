import { z } from 'zod';
import { getDb } from '#db/client.ts';
import { blockedEitherWayIds } from '#features/members/members.service.ts';
import type { MemberViewer, Viewer } from '#features/members/viewer.ts';
import { membersWhoWant } from '#features/notifications/notice-preferences.service.ts';
import { deliverEmails, notify } from '#features/notifications/notifications.service.ts';
import { getCatalogue } from '#features/skills/skills.service.ts';
import { enforceRateLimit, RATE_LIMITS } from '#server/auth/rate-limit.ts';
import { AppError, notFound } from '#server/errors.ts';
import { eventPath, loadEvent } from './event-access.ts';
import { formatRange } from './event-times.ts';
import { topicsFor } from './events.repo.ts';
import { canManage } from './events.ts';
import * as repo from './learner-notices.repo.ts';

export const LEARNER_NOTICE_KIND = 'event.learners_invited' as const;

export const tellLearnersInput = z.object({
  eventId: z.string().max(40),
  skillId: z.coerce.number().int().positive(),
  /** Where to come back to (the page the button was on). */
  from: z.enum(['insights', 'topic', 'event']).optional(),
});

export interface EventToAnnounce {
  eventId: string;
  slug: string;
  title: string;
  /** Learners were already told about this event (on this topic or another). */
  told: boolean;
}

/**
 * The viewer's upcoming published events on each of these topics, for the "tell the
 * learners" button on /insights and topic pages.
 */
export async function eventsToAnnounce(
  viewer: Viewer | null,
  skillIds: number[],
  now = new Date(),
): Promise<Map<number, EventToAnnounce[]>> {
  const out = new Map<number, EventToAnnounce[]>();
  if (!viewer) return out;
  for (const row of await repo.organisedUpcomingOn(viewer.id, skillIds, now)) {
    out.set(row.skillId, [
      ...(out.get(row.skillId) ?? []),
      { eventId: row.eventId, slug: row.slug, title: row.title, told: row.toldAt !== null },
    ]);
  }
  return out;
}

/**
 * Tells the members who want to learn a topic about an upcoming event on it: an inbox
 * notice each (and email when the site sends it). Organiser only, once per event (the
 * learner_notices primary key is the guard, so parallel clicks send once), rate-limited,
 * and only to members who allow such notices, are not blocked either way and are not
 * already part of the event.
 */
export async function tellLearners(
  actor: MemberViewer,
  input: z.infer<typeof tellLearnersInput>,
  now = new Date(),
): Promise<{ sent: number; slug: string; skillSlug: string }> {
  const { event, relation } = await loadEvent({ id: input.eventId }, actor);
  if (!canManage(relation)) throw notFound('We could not find that event.');
  if (event.status !== 'published' || event.startsAt.getTime() <= now.getTime())
    throw new AppError('CONFLICT', 'Learners can be told about a published event that has not started yet.');
  const topics = (await topicsFor([event.id])).get(event.id) ?? [];
  const topic = topics.find((t) => t.id === input.skillId);
  if (!topic) throw new AppError('CONFLICT', 'The event is not on that topic.');
  await enforceRateLimit(RATE_LIMITS.learnerNoticesPerOrganiser, actor.id, now);

  const [candidates, blocked] = await Promise.all([
    repo.learnersFor(topic.id, event.id),
    blockedEitherWayIds(actor.id),
  ]);
  const recipients = (
    await membersWhoWant(
      candidates.map((c) => c.userId),
      LEARNER_NOTICE_KIND,
    )
  ).filter((id) => !blocked.has(id));
  const rows = await getDb().transaction(async (tx) => {
    if (!(await repo.claimLearnerNotice({ eventId: event.id, skillId: topic.id, sentBy: actor.id, sentAt: now }, tx)))
      return null;
    await repo.setRecipients(event.id, recipients.length, tx);
    return notify(
      tx,
      recipients.map((userId) => ({
        userId,
        kind: LEARNER_NOTICE_KIND,
        title: `${event.title}: an event on ${topic.name}, which you want to learn`,
        body:
          `${formatRange(event.startsAt, event.endsAt, event.timezone)} (${event.timezone}). ` +
          `You get this because ${topic.name} is on your “want to learn” list. Rather not hear about ` +
          'events this way? Turn these notices off in your skills settings: /settings/skills#learner-notices',
        url: eventPath(event),
        actorId: actor.id,
      })),
      now,
    );
  });
  if (rows === null) throw new AppError('CONFLICT', 'The learners were already told about this event.');
  await deliverEmails(rows, now);
  const skill = (await getCatalogue()).byId.get(topic.id);
  return { sent: rows.length, slug: event.slug, skillSlug: skill?.slug ?? topic.slug };
}
