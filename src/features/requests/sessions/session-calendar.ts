import type { Viewer } from '#features/members/viewer.ts';
import { isParticipant } from '#features/requests/request-access.ts';
import { CONFIRMED_SESSION_STATES } from '#features/requests/request-state.ts';
import { findRequestDetail, type RequestDetail } from '#features/requests/requests.repo.ts';
import { loadForViewer } from '#features/requests/requests.service.ts';
import { FORMAT_LABELS, formatDuration, requestTitle } from '#features/requests/requests.ts';
import type { CalendarFeedSource } from '#server/calendar/feed-sources.ts';
import { buildCalendar, type CalendarEntry } from '#server/calendar/ics.ts';
import { config } from '#server/config.ts';
import { notFound } from '#server/errors.ts';
import * as repo from './mentoring-sessions.repo.ts';

const MINUTE = 60_000;
/** How far back the feed keeps past sessions and cancellations. */
const FEED_HISTORY_MS = 30 * 24 * 60 * MINUTE;

/**
 * A session as a calendar entry, from one participant's side ("… with Tunde"). The
 * UID is stable per session (the first keeps the request's, so calendars that had the
 * request's session keep one entry), and SEQUENCE is the session's own counter,
 * bumped when it moves or is cancelled, so calendars replace their copy.
 */
export function sessionCalendarEntry(
  d: RequestDetail,
  s: repo.SessionRow,
  viewerId: string,
  siteOrigin: string,
): CalendarEntry | null {
  const r = d.request;
  if (!d.recipient) return null;
  const confirmed = CONFIRMED_SESSION_STATES.includes(s.state);
  const other = viewerId === d.requester.id ? d.recipient : d.requester;
  const url = `${siteOrigin}/requests/${r.id}`;
  const title = `${requestTitle(r.kind, r.reverse, d.skill.name)} with ${other.displayName}`;
  const description = [
    confirmed ? '' : `Cancelled.${s.closeReason ? ` ${s.closeReason}` : ''}`,
    `${FORMAT_LABELS[r.format]} · ${formatDuration(s.durationMinutes)}`,
    `What ${viewerId === d.requester.id ? 'you want' : `${d.requester.displayName} wants`}: ${r.want}`,
    `Thread and details: ${url}`,
  ].filter(Boolean);
  return {
    uid: s.position === 1 ? `request-${r.id}@whoknows` : `session-${s.id}@whoknows`,
    start: s.startsAt,
    end: new Date(s.startsAt.getTime() + s.durationMinutes * MINUTE),
    summary: confirmed ? title : `Cancelled: ${title}`,
    description: description.join('\n\n'),
    location:
      r.format === 'in_person'
        ? 'In person (agree the place in the thread)'
        : r.format === 'video'
          ? 'Video call (link in the thread)'
          : 'Chat',
    url,
    // The first session carries the request's own counter too (accepting and cancelling bump it): both only grow.
    sequence: s.sequence + (s.position === 1 ? r.sequence : 0),
    status: confirmed ? 'CONFIRMED' : 'CANCELLED',
    updatedAt: s.updatedAt,
  };
}

/**
 * Sessions worth a calendar entry: confirmed ones, and cancellations of ones that were
 * confirmed (their counter went up when they were called off; a proposal let go keeps 0).
 */
function inCalendar(s: repo.SessionRow): boolean {
  return CONFIRMED_SESSION_STATES.includes(s.state) || (s.state === 'cancelled' && s.sequence > 0);
}

/**
 * The member's mentoring sessions for their private calendar feed: every scheduled
 * session of theirs, and those cancelled in the last 30 days (so calendars drop them).
 */
export async function requestsFeedEntries(userId: string, now = new Date()): Promise<CalendarEntry[]> {
  const rows = await repo.sessionsOfMember(userId, new Date(now.getTime() - FEED_HISTORY_MS));
  const origin = config().siteOrigin;
  const details = new Map<string, RequestDetail | undefined>();
  const entries: CalendarEntry[] = [];
  for (const { session } of rows) {
    if (!inCalendar(session)) continue;
    if (!details.has(session.requestId)) details.set(session.requestId, await findRequestDetail(session.requestId));
    const detail = details.get(session.requestId);
    const entry = detail && sessionCalendarEntry(detail, session, userId, origin);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** The member's mentoring sessions as a source of their private calendar feed (listed in src/app/calendar-sources.ts). */
export const requestsFeedSource: CalendarFeedSource = {
  name: 'requests',
  entries: (userId, now) => requestsFeedEntries(userId, now),
};

/** The .ics file of a request's sessions, for its two participants only; anyone else gets 404. */
export async function requestIcs(viewer: Viewer, id: string): Promise<{ filename: string; body: string }> {
  const { detail, role } = await loadForViewer(id, viewer);
  if (!isParticipant(role) || detail.request.state === 'open') throw notFound();
  const entries = (await repo.sessionsOfRequest(detail.request.id))
    .filter(inCalendar)
    .map((s) => sessionCalendarEntry(detail, s, viewer!.id, config().siteOrigin))
    .filter((e): e is CalendarEntry => e !== null);
  if (entries.length === 0) throw notFound();
  return { filename: `whoknows-session-${detail.skill.slug}.ics`, body: buildCalendar(entries) };
}
