import { sql } from 'drizzle-orm';
import { seededRandom } from '#app/demo/context.ts';
import type { Database } from '#db/client.ts';
import {
  eventFeedback,
  eventFeedbackTopics,
  events,
  eventTopics,
  mentoringRequests,
  mentoringRetrospectives,
  mentorshipItems,
  type RequestState,
  requestFeedback,
  rsvps,
  skills,
  users,
} from '#db/schema/index.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const STATES: RequestState[] = ['completed', 'completed', 'completed', 'declined', 'expired', 'withdrawn', 'cancelled'];

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) await insert(rows.slice(i, i + 400));
}

/**
 * A year of activity for a generated community, in proportion to its size: two requests
 * per member (ratings, plans and retrospectives on the finished ones) and an event per
 * 25 members with 30 people going, most checked in, half of them giving feedback. For
 * measuring /insights only; deterministic.
 */
export async function generateActivity(database: Database, now = new Date()): Promise<string> {
  const { db } = database;
  const random = seededRandom(1313);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const members = (await db.select({ id: users.id }).from(users)).map((u) => u.id);
  const skillIds = (await db.select({ id: skills.id }).from(skills).where(sql`${skills.curated} = 1`)).map((s) => s.id);

  const requests: (typeof mentoringRequests.$inferInsert)[] = [];
  const ratings: (typeof requestFeedback.$inferInsert)[] = [];
  const items: (typeof mentorshipItems.$inferInsert)[] = [];
  const retros: (typeof mentoringRetrospectives.$inferInsert)[] = [];
  for (let i = 0; i < members.length * 2; i++) {
    const requester = pick(members);
    let recipient = pick(members);
    if (recipient === requester) recipient = members[(members.indexOf(requester) + 1) % members.length]!;
    const state = pick(STATES);
    const createdAt = new Date(now.getTime() - Math.floor(random() * 400) * DAY - 2 * DAY);
    const answered = state !== 'expired' && state !== 'withdrawn';
    const firstAnsweredAt = answered ? new Date(createdAt.getTime() + (1 + Math.floor(random() * 48)) * HOUR) : null;
    const agreed = state === 'completed' || state === 'cancelled';
    const kind = random() < 0.15 ? 'reverse' : random() < 0.2 ? 'ongoing' : 'adhoc';
    const id = `bench-request-${i}`;
    requests.push({
      id,
      requesterId: requester,
      recipientId: recipient,
      skillId: pick(skillIds),
      kind,
      want: 'Generated for the insights benchmark.',
      format: 'video',
      durationMinutes: 30,
      timezone: 'UTC',
      state,
      firstAnsweredAt,
      acceptedAt: agreed ? firstAnsweredAt : null,
      sessionStartsAt: agreed ? new Date(createdAt.getTime() + DAY) : null,
      closedAt: new Date(createdAt.getTime() + DAY),
      expiresAt: new Date(createdAt.getTime() + 14 * DAY),
      createdAt,
      updatedAt: createdAt,
    });
    if (state !== 'completed') continue;
    const closed = new Date(createdAt.getTime() + 2 * DAY);
    ratings.push({ requestId: id, authorId: requester, rating: 3 + Math.floor(random() * 3), createdAt: closed });
    if (kind === 'adhoc') continue;
    for (let g = 0; g < 3; g++) {
      items.push({
        requestId: id,
        kind: g === 0 ? 'goal' : 'milestone',
        text: 'Generated',
        doneAt: random() < 0.7 ? closed : null,
        createdAt,
      });
    }
    retros.push({
      requestId: id,
      authorId: requester,
      goalsMet: pick(['yes', 'partly', 'no'] as const),
      wouldRepeat: random() < 0.9,
      createdAt: closed,
    });
  }
  await insertChunked(requests, (c) => db.insert(mentoringRequests).values(c));
  await insertChunked(ratings, (c) => db.insert(requestFeedback).values(c));
  await insertChunked(items, (c) => db.insert(mentorshipItems).values(c));
  await insertChunked(retros, (c) => db.insert(mentoringRetrospectives).values(c));

  const eventCount = Math.floor(members.length / 25);
  const eventRows: (typeof events.$inferInsert)[] = [];
  const topicRows: (typeof eventTopics.$inferInsert)[] = [];
  const rsvpRows: (typeof rsvps.$inferInsert)[] = [];
  const feedbackRows: (typeof eventFeedback.$inferInsert)[] = [];
  const voteRows: (typeof eventFeedbackTopics.$inferInsert)[] = [];
  for (let e = 0; e < eventCount; e++) {
    const id = `bench-event-${e}`;
    const startsAt = new Date(now.getTime() - Math.floor(random() * 365) * DAY - DAY);
    const going = new Set<string>();
    while (going.size < 30) going.add(pick(members));
    eventRows.push({
      id,
      slug: id,
      organizerId: pick(members),
      kind: pick(['workshop', 'meetup', 'talk', 'office_hours'] as const),
      title: `Generated event ${e}`,
      format: 'online',
      onlineUrl: 'https://meet.example.test/bench',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * HOUR),
      timezone: 'UTC',
      capacity: 40,
      goingCount: going.size,
      rsvpSeq: going.size,
      status: 'published',
      publishedAt: startsAt,
      feedbackRequestedAt: startsAt,
    });
    const topic = pick(skillIds);
    topicRows.push({ eventId: id, skillId: topic, position: 0 });
    let seq = 0;
    for (const userId of going) {
      const came = random() < 0.8;
      rsvpRows.push({
        eventId: id,
        userId,
        status: 'going',
        seq: ++seq,
        attendedAt: came ? startsAt : null,
        checkInMethod: came ? 'door' : null,
      });
      if (!came || random() < 0.5) continue;
      feedbackRows.push({
        eventId: id,
        userId,
        rating: 2 + Math.floor(random() * 4),
        worked: 'Generated',
        createdAt: startsAt,
      });
      if (random() < 0.5) voteRows.push({ eventId: id, userId, skillId: pick(skillIds), createdAt: startsAt });
    }
  }
  await insertChunked(eventRows, (c) => db.insert(events).values(c));
  await insertChunked(topicRows, (c) => db.insert(eventTopics).values(c));
  await insertChunked(rsvpRows, (c) => db.insert(rsvps).values(c));
  await insertChunked(feedbackRows, (c) => db.insert(eventFeedback).values(c));
  await insertChunked(voteRows, (c) => db.insert(eventFeedbackTopics).values(c));
  const n = (x: number) => x.toLocaleString('en');
  const answers = `${n(feedbackRows.length)} feedback answers`;
  return `${n(requests.length)} requests, ${eventCount} events with ${n(rsvpRows.length)} RSVPs and ${answers}`;
}
