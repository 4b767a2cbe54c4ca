import { eq } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { calendarFeeds, users } from '#db/schema/index.ts';
import { issueToken, secretMatches, splitToken } from '#server/auth/tokens.ts';
import { logger } from '#server/log.ts';
import type { CalendarFeedSource } from './feed-sources.ts';
import { buildCalendar, type CalendarEntry } from './ics.ts';

const log = logger('calendar');

/** The feed's address for a token: a path that calendar apps fetch without cookies. */
export function feedPath(token: string): string {
  return `/api/calendar/${token}.ics`;
}

/** When the member's current feed URL was made, or null if they have none. */
export async function feedStatus(userId: string): Promise<{ createdAt: Date } | null> {
  const row = await getDb()
    .select({ createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
    .get();
  return row ?? null;
}

/**
 * Creates the member's secret feed token, or replaces it: the row is keyed by member,
 * so a new token revokes the old URL in the same write. Only the secret's SHA-256 is
 * stored; the token is returned once, to show once.
 */
export async function issueFeedToken(userId: string, now = new Date()): Promise<string> {
  const { id, token, secretHash } = issueToken();
  await getDb()
    .insert(calendarFeeds)
    .values({ userId, tokenId: id, secretHash: Buffer.from(secretHash), createdAt: now })
    .onConflictDoUpdate({
      target: calendarFeeds.userId,
      set: { tokenId: id, secretHash: Buffer.from(secretHash), createdAt: now },
    });
  return token;
}

/** Revokes the member's feed URL; calendar apps subscribed to it get 404 from now on. */
export async function revokeFeed(userId: string): Promise<boolean> {
  const result = await getDb().delete(calendarFeeds).where(eq(calendarFeeds.userId, userId));
  return result.rowsAffected > 0;
}

/** The member a feed token belongs to, or null (malformed, unknown, revoked or wrong secret). */
export async function feedOwner(token: string): Promise<{ userId: string; displayName: string } | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await getDb()
    .select({
      userId: calendarFeeds.userId,
      secretHash: calendarFeeds.secretHash,
      displayName: users.displayName,
      suspendedAt: users.suspendedAt,
    })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(eq(calendarFeeds.tokenId, parts.id))
    .get();
  if (!row || row.suspendedAt || !secretMatches(parts.secret, row.secretHash)) return null;
  return { userId: row.userId, displayName: row.displayName };
}

/** The whole feed for a member: every source's entries, by start time. A failing source is left out, not fatal. */
export async function buildFeed(
  userId: string,
  displayName: string,
  sources: readonly CalendarFeedSource[],
  now = new Date(),
): Promise<string> {
  const results = await Promise.allSettled(sources.map((s) => s.entries(userId, now)));
  const entries: CalendarEntry[] = [];
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') entries.push(...result.value);
    else log.error(`calendar source "${sources[i]!.name}" failed`, result.reason);
  });
  entries.sort((a, b) => a.start.getTime() - b.start.getTime());
  return buildCalendar(entries, { name: `whoknows · ${displayName}` });
}
