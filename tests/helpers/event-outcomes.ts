import { eq, sql } from 'drizzle-orm';
import { type Db, getDb } from '#db/client.ts';
import { eventFeedback, eventFeedbackTopics, events, rsvps } from '#db/schema/index.ts';
import { skillIdByName } from './factories.ts';

/**
 * RSVPs written directly (for events that already started, where the service refuses
 * them): going members take seats, so the event's going count stays true.
 */
export async function addRsvps(
  event: { id: string },
  people: { id: string }[],
  options: { status?: 'going' | 'waitlisted'; attended?: boolean; at?: Date } = {},
  db: Db = getDb(),
): Promise<void> {
  const status = options.status ?? 'going';
  for (const person of people) {
    const row = await db
      .update(events)
      .set({
        rsvpSeq: sql`${events.rsvpSeq} + 1`,
        goingCount: status === 'going' ? sql`${events.goingCount} + 1` : events.goingCount,
      })
      .where(eq(events.id, event.id))
      .returning({ seq: events.rsvpSeq })
      .get();
    await db.insert(rsvps).values({
      eventId: event.id,
      userId: person.id,
      status,
      seq: row!.seq,
      attendedAt: options.attended ? (options.at ?? new Date()) : null,
      checkInMethod: options.attended ? 'door' : null,
    });
  }
}

/** Feedback written directly, for insight figures with known numbers. */
export async function addFeedback(
  event: { id: string },
  person: { id: string },
  rating: number,
  options: { worked?: string; improve?: string; signed?: boolean; next?: string[]; at?: Date } = {},
  db: Db = getDb(),
): Promise<void> {
  const createdAt = options.at ?? new Date();
  await db.insert(eventFeedback).values({
    eventId: event.id,
    userId: person.id,
    rating,
    worked: options.worked ?? '',
    improve: options.improve ?? '',
    signed: options.signed ?? false,
    createdAt,
  });
  for (const topic of options.next ?? []) {
    await db
      .insert(eventFeedbackTopics)
      .values({ eventId: event.id, userId: person.id, skillId: await skillIdByName(topic, db), createdAt });
  }
}
