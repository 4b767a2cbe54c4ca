import { and, eq, isNotNull, lte } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { profiles } from '#db/schema/index.ts';
import { localDate } from '#features/members/availability.ts';
import { dataChanged } from '#server/cache/invalidation.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';

/**
 * Clears "not available until" dates that have arrived on the member's own calendar,
 * so they show as available again and their search document says so. Runs hourly:
 * the search document is built at index time and cannot notice a date passing.
 */
export async function endFinishedAwayPeriods(now = new Date()): Promise<number> {
  // Only dates up to tomorrow (UTC) can have arrived somewhere on Earth.
  const horizon = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  const candidates = await getDb()
    .select({ userId: profiles.userId, timezone: profiles.timezone, until: profiles.unavailableUntil })
    .from(profiles)
    .where(and(isNotNull(profiles.unavailableUntil), lte(profiles.unavailableUntil, horizon)));
  const arrived = candidates.filter((c) => c.until !== null && c.until <= localDate(c.timezone, now));
  if (arrived.length === 0) return 0;
  await getDb().transaction(async (tx) => {
    for (const c of arrived) {
      await tx
        .update(profiles)
        .set({ unavailableUntil: null, updatedAt: now })
        .where(and(eq(profiles.userId, c.userId), eq(profiles.unavailableUntil, c.until!)));
      await enqueueIndexJob(tx, 'people', c.userId, 'upsert', now);
    }
  });
  dataChanged('people');
  return arrived.length;
}
