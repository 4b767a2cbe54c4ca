import type { MemberViewer } from '#features/members/viewer.ts';
import { isWithdrawn } from '#features/members/visibility.ts';
import { issueToken, secretMatches, splitToken } from '#server/auth/tokens.ts';
import type { CalendarFeedSource } from '#server/calendar/feed-sources.ts';
import { buildCalendar, type CalendarEntry } from '#server/calendar/ics.ts';
import { config } from '#server/config.ts';
import { logger } from '#server/log.ts';
import * as repo from './calendar-feeds.repo.ts';

/*
 * A member's private calendar subscription: a secret address calendar apps fetch
 * without cookies, listing what other features put in it (events they go to or run,
 * mentoring sessions). The features that supply entries are listed by the
 * composition root (src/app/calendar-sources.ts) and passed in.
 */

const log = logger('calendar');

/** The feed's address for a token: a path that calendar apps fetch without cookies. */
export function feedPath(token: string): string {
  return `/api/calendar/${token}.ics`;
}

/** When the member's current feed URL was made, or null if they have none. */
export async function feedStatus(viewer: MemberViewer): Promise<{ createdAt: Date } | null> {
  return (await repo.findFeedOf(viewer.id)) ?? null;
}

/** Whether the member has a calendar feed, for their data export (the secret itself is never stored). */
export async function calendarFeedExport(userId: string) {
  const feed = await repo.findFeedOf(userId);
  return feed ? { subscribed: true, createdAt: feed.createdAt } : { subscribed: false };
}

/**
 * Creates the member's secret feed token, or replaces it: the row is keyed by member,
 * so a new token revokes the old URL in the same write. Only the secret's SHA-256 is
 * stored; the token is returned once, to show once.
 */
export async function issueFeedToken(viewer: MemberViewer, now = new Date()): Promise<string> {
  const { id, token, secretHash } = issueToken();
  await repo.putFeedToken(viewer.id, id, secretHash, now);
  return token;
}

/** A fresh feed URL for the member (the old one stops working), absolute, to show once. */
export async function issueFeedUrl(viewer: MemberViewer, now = new Date()): Promise<string> {
  return new URL(feedPath(await issueFeedToken(viewer, now)), config().siteOrigin).toString();
}

/** Revokes the member's feed URL; calendar apps subscribed to it get 404 from now on. */
export function revokeFeed(viewer: MemberViewer): Promise<boolean> {
  return repo.deleteFeedOf(viewer.id);
}

/** The member a feed token belongs to, or null (malformed, unknown, revoked, wrong secret, or its member withdrawn). */
export async function feedOwner(token: string): Promise<{ userId: string; displayName: string } | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await repo.findFeedByTokenId(parts.id);
  if (!row || isWithdrawn(row) || !secretMatches(parts.secret, row.secretHash)) return null;
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
