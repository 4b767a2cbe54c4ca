import { and, isNull, type SQL } from 'drizzle-orm';
import { readingLists } from '#db/schema/index.ts';
import { isActiveMember } from '#features/members/member-columns.ts';
import { isModerator, type Viewer } from '#features/members/viewer.ts';
import { isWithdrawn, type MemberStanding } from '#features/members/visibility.ts';

/**
 * Who may see a reading list: the one home of the rule. Its page and every action on
 * it ask `canViewList`; listings, topic pages, profiles, events and search documents
 * add `listedListCondition` to their SQL. Anyone who may not see it gets the same 404
 * as for a list that does not exist.
 */

/**
 * Lists are public, except one a moderator hid (its owner and moderators see it, with
 * why) and those of a withdrawn owner (suspended or leaving: moderators only).
 */
export function canViewList(
  list: { ownerId: string; hiddenAt: Date | null },
  viewer: Viewer,
  owner: MemberStanding,
): boolean {
  if (isWithdrawn(owner)) return isModerator(viewer);
  if (list.hiddenAt !== null) return viewer?.id === list.ownerId || isModerator(viewer);
  return true;
}

/** SQL: lists that may appear in listings and search — not hidden, owner not withdrawn. */
export function listedListCondition(): SQL {
  return and(isNull(readingLists.hiddenAt), isActiveMember(readingLists.ownerId))!;
}
