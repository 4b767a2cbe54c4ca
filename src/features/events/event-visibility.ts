import { and, isNull, type SQL } from 'drizzle-orm';
import { events } from '#db/schema/index.ts';
import { isActiveMember } from '#features/members/member-columns.ts';
import { isModerator, type Viewer } from '#features/members/viewer.ts';
import { isWithdrawn, type MemberStanding } from '#features/members/visibility.ts';
import type { EventRelation } from './events.ts';

/**
 * Who may see an event: the one home of the rule. Its page, its .ics and every action
 * on it go through `canViewEvent` (event-access.ts); listings, topic pages, the home
 * page, search documents and calendar feeds add `listedEventCondition` to their SQL.
 * Anyone who may not see it gets the same 404 as for an event that does not exist.
 */

/** What the rule reads about an event. */
export interface EventFacts {
  status: 'draft' | 'published' | 'cancelled';
  hiddenAt: Date | null;
}

/**
 * Drafts exist only for the people preparing them: the organiser, co-hosts and speakers
 * who accepted, and whoever holds an invitation (to see what they are asked to join).
 * An event a moderator hid, for its organiser and moderators; an event whose organiser
 * is withdrawn (suspended or leaving), for moderators only. Everything else is public.
 */
export function canViewEvent(
  event: EventFacts,
  relation: EventRelation,
  viewer: Viewer,
  organizer: MemberStanding,
  invited = false,
): boolean {
  if (isWithdrawn(organizer)) return isModerator(viewer);
  if (event.status === 'draft')
    return relation === 'organizer' || relation === 'host' || relation === 'speaker' || invited;
  if (event.hiddenAt !== null) return relation === 'organizer' || isModerator(viewer);
  return true;
}

/**
 * SQL: events that may appear in a listing, a search document or a calendar feed —
 * not hidden, organiser not withdrawn. Each listing adds the statuses it shows.
 */
export function listedEventCondition(): SQL {
  return and(isNull(events.hiddenAt), isActiveMember(events.organizerId))!;
}
