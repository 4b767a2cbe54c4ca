import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { eventSeries, events, seriesOccurrences } from '#db/schema/index.ts';

export type SeriesRow = typeof eventSeries.$inferSelect;
export type OccurrenceRow = typeof seriesOccurrences.$inferSelect;

export async function insertSeries(row: typeof eventSeries.$inferInsert, db: DbOrTx): Promise<void> {
  await db.insert(eventSeries).values(row);
}

export function findSeriesBySlug(slug: string, db: DbOrTx = getDb()): Promise<SeriesRow | undefined> {
  return db.select().from(eventSeries).where(eq(eventSeries.slug, slug)).get();
}

export function findSeriesById(id: string, db: DbOrTx = getDb()): Promise<SeriesRow | undefined> {
  return db.select().from(eventSeries).where(eq(eventSeries.id, id)).get();
}

export async function seriesSlugTaken(slug: string, db: DbOrTx = getDb()): Promise<boolean> {
  return (
    (await db.select({ id: eventSeries.id }).from(eventSeries).where(eq(eventSeries.slug, slug)).get()) !== undefined
  );
}

/** Changes a series and bumps its iCalendar SEQUENCE. */
export async function updateSeries(
  id: string,
  set: Partial<typeof eventSeries.$inferInsert>,
  now: Date,
  db: DbOrTx,
): Promise<void> {
  await db
    .update(eventSeries)
    .set({ ...set, sequence: sql`${eventSeries.sequence} + 1`, updatedAt: now })
    .where(eq(eventSeries.id, id));
}

export async function insertOccurrences(rows: OccurrenceRow[], db: DbOrTx): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await db.insert(seriesOccurrences).values(rows.slice(i, i + 200));
}

/** A series' dates in order, with their event when it still exists. */
export function occurrencesOf(seriesId: string, db: DbOrTx = getDb()) {
  return db
    .select({ occurrence: seriesOccurrences, event: events })
    .from(seriesOccurrences)
    .leftJoin(events, eq(events.id, seriesOccurrences.eventId))
    .where(eq(seriesOccurrences.seriesId, seriesId))
    .orderBy(asc(seriesOccurrences.originalStartsAt));
}

/** The series date an event is, if any. */
export function occurrenceOfEvent(eventId: string, db: DbOrTx = getDb()) {
  return db
    .select({ occurrence: seriesOccurrences, series: eventSeries })
    .from(seriesOccurrences)
    .innerJoin(eventSeries, eq(eventSeries.id, seriesOccurrences.seriesId))
    .where(eq(seriesOccurrences.eventId, eventId))
    .get();
}

/** For listings: which of these events belong to a series, and its slug. */
export async function seriesOfEvents(eventIds: string[], db: DbOrTx = getDb()): Promise<Map<string, SeriesRow>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .select({ eventId: seriesOccurrences.eventId, series: eventSeries })
    .from(seriesOccurrences)
    .innerJoin(eventSeries, eq(eventSeries.id, seriesOccurrences.seriesId))
    .where(inArray(seriesOccurrences.eventId, eventIds));
  return new Map(rows.map((r) => [r.eventId!, r.series]));
}

export async function markDetached(eventId: string, db: DbOrTx): Promise<void> {
  await db.update(seriesOccurrences).set({ detached: true }).where(eq(seriesOccurrences.eventId, eventId));
}

/** Moves the dates of a series from `from` on to another series (a "this and following" change splits it). */
export async function moveOccurrences(seriesId: string, from: Date, toSeriesId: string, db: DbOrTx): Promise<void> {
  await db
    .update(seriesOccurrences)
    .set({ seriesId: toSeriesId })
    .where(and(eq(seriesOccurrences.seriesId, seriesId), gte(seriesOccurrences.originalStartsAt, from)));
}

/** Re-keys one date to where the series' rule now puts it, as one edited on its own no longer. */
export async function rekeyOccurrence(seriesId: string, original: Date, next: Date, db: DbOrTx): Promise<void> {
  await db
    .update(seriesOccurrences)
    .set({ originalStartsAt: next, detached: false })
    .where(and(eq(seriesOccurrences.seriesId, seriesId), eq(seriesOccurrences.originalStartsAt, original)));
}

export async function deleteOccurrence(seriesId: string, original: Date, db: DbOrTx): Promise<void> {
  await db
    .delete(seriesOccurrences)
    .where(and(eq(seriesOccurrences.seriesId, seriesId), eq(seriesOccurrences.originalStartsAt, original)));
}

/** The series that continue this one after "this and following" changes. */
export function continuationOf(seriesId: string, db: DbOrTx = getDb()): Promise<SeriesRow | undefined> {
  return db.select().from(eventSeries).where(eq(eventSeries.continuesId, seriesId)).get();
}
