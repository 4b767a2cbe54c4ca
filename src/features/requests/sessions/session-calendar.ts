import type { Viewer } from '#features/members/viewer.ts';
import { sessionsOf } from '#features/requests/outcomes/outcomes.repo.ts';
import { isParticipant } from '#features/requests/request-access.ts';
import { findRequestDetail, type RequestDetail } from '#features/requests/requests.repo.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { FORMAT_LABELS, formatDuration, requestTitle } from '#features/requests/requests.ts';
import type { CalendarFeedSource } from '#server/calendar/feed-sources.ts';
import { buildCalendar, type CalendarEntry } from '#server/calendar/ics.ts';
import { config } from '#server/config.ts';
import { notFound } from '#server/errors.ts';

const MINUTE = 60_000;
/** How far back the feed keeps past sessions. */
const FEED_HISTORY_MS = 30 * 24 * 60 * MINUTE;

/**
 * An accepted session as a calendar entry, from one participant's side ("… with
 * Tunde"). The UID is stable and SEQUENCE follows the request's own counter, so a
 * cancellation replaces the entry in calendars that already have it.
 */
export function requestCalendarEntry(d: RequestDetail, viewerId: string, siteOrigin: string): CalendarEntry | null {
  const r = d.request;
  if (!r.sessionStartsAt || !d.recipient) return null;
  const other = viewerId === d.requester.id ? d.recipient : d.requester;
  const url = `${siteOrigin}/requests/${r.id}`;
  const cancelled = r.state === 'cancelled';
  const title = `${requestTitle(r.kind, d.skill.name)} with ${other.displayName}`;
  const description = [
    cancelled ? `Cancelled.${r.closeReason ? ` ${r.closeReason}` : ''}` : '',
    `${FORMAT_LABELS[r.format]} · ${formatDuration(r.durationMinutes)}`,
    `What ${viewerId === d.requester.id ? 'you want' : `${d.requester.displayName} wants`}: ${r.want}`,
    `Thread and details: ${url}`,
  ].filter(Boolean);
  return {
    uid: `request-${r.id}@whoknows`,
    start: r.sessionStartsAt,
    end: new Date(r.sessionStartsAt.getTime() + r.durationMinutes * MINUTE),
    summary: cancelled ? `Cancelled: ${title}` : title,
    description: description.join('\n\n'),
    location:
      r.format === 'in_person'
        ? 'In person (agree the place in the thread)'
        : r.format === 'video'
          ? 'Video call (link in the thread)'
          : 'Chat',
    url,
    sequence: r.sequence,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    updatedAt: r.updatedAt,
  };
}

/**
 * The member's mentoring sessions for their private calendar feed: accepted ones, and
 * those completed or cancelled in the last 30 days (so calendars drop cancellations).
 */
export async function requestsFeedEntries(userId: string, now = new Date()): Promise<CalendarEntry[]> {
  const rows = await sessionsOf(userId, new Date(now.getTime() - FEED_HISTORY_MS));
  const origin = config().siteOrigin;
  const entries: CalendarEntry[] = [];
  for (const { id } of rows) {
    const detail = await findRequestDetail(id);
    const entry = detail && requestCalendarEntry(detail, userId, origin);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** The member's mentoring sessions as a source of their private calendar feed (listed in src/app/calendar-sources.ts). */
export const requestsFeedSource: CalendarFeedSource = {
  name: 'requests',
  entries: (userId, now) => requestsFeedEntries(userId, now),
};

/** The .ics file of one session, for its two participants only; anyone else gets 404. */
export async function requestIcs(viewer: Viewer, id: string): Promise<{ filename: string; body: string }> {
  const { detail, role } = await loadForViewer(id, viewer);
  const entry = isParticipant(role) ? requestCalendarEntry(detail, viewer!.id, config().siteOrigin) : null;
  if (!entry || detail.request.state === 'open') throw notFound();
  return { filename: `whoknows-session-${detail.skill.slug}.ics`, body: buildCalendar([entry]) };
}
