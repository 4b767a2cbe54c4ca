import type { Visibility } from '#db/schema/profiles.ts';
import type { Face } from './avatar.ts';
import { isModerator, type Viewer } from './viewer.ts';

/**
 * Who may see whom: the one home of the rule (SQL callers use the conditions in
 * member-columns.ts, which say the same). Members-only profiles never reach visitors.
 * A withdrawn member — suspended, or leaving after asking to delete their account —
 * disappears from every page, list and search; moderators may still open a suspended
 * member's profile. A profile a moderator hid is seen by its owner and moderators only.
 */

/** Profile visibilities a viewer (or, as a boolean, anyone signed in) may see: members see members-only profiles. */
export function visibleTo(viewer: Viewer | boolean): Visibility[] {
  return viewer ? ['public', 'members'] : ['public'];
}

/** Where a member stands with the community: what withdraws them from it. */
export interface MemberStanding {
  suspendedAt: Date | null;
  /** Set while an account deletion waits out its grace period. */
  deletionDueAt: Date | null;
}

/** Suspended, or leaving: nothing of theirs is shown to anyone. */
export function isWithdrawn(member: MemberStanding): boolean {
  return member.suspendedAt !== null || member.deletionDueAt !== null;
}

/** What `canSeeMember` and `isListedFor` read. */
export interface SeenMember extends MemberStanding {
  id: string;
  visibility: Visibility;
  /** When a moderator hid the profile. */
  hiddenAt: Date | null;
}

/**
 * Whether a viewer may open a member's profile at all; if not, it is "not found".
 * Owners see their own hidden profile, moderators see hidden profiles and suspended
 * members (with why); nobody sees a member who is leaving.
 */
export function canSeeMember(viewer: Viewer, member: SeenMember): boolean {
  const own = viewer?.id === member.id;
  if (member.deletionDueAt !== null) return false;
  if (member.suspendedAt !== null) return isModerator(viewer);
  if (member.hiddenAt !== null && !own && !isModerator(viewer)) return false;
  return own || isModerator(viewer) || visibleTo(viewer).includes(member.visibility);
}

/**
 * Whether a member appears in lists, search results, suggestions and on other
 * people's pages: never when withdrawn or hidden, whoever looks (`true`: any member).
 */
export function isListedFor(viewer: Viewer | boolean, member: Omit<SeenMember, 'id'>): boolean {
  return !isWithdrawn(member) && member.hiddenAt === null && visibleTo(viewer).includes(member.visibility);
}

export interface PersonRef {
  name: string;
  /** Profile address, or null when the viewer may not see the profile. */
  href: string | null;
  /** Their face, or null when the viewer may not see the profile. */
  face: Face | null;
}

/** A member named on someone else's page: the rows carry the facts `isListedFor` reads, where the query has them. */
export interface NamedMember extends Face {
  suspendedAt?: Date | null;
  deletionDueAt?: Date | null;
  hiddenAt?: Date | null;
}

/**
 * How to name a member on someone else's page (an event's host, a list's owner):
 * someone the viewer may not see is "a community member", without a link.
 */
export function personRef(person: NamedMember, viewer: Viewer): PersonRef {
  const listed = isListedFor(viewer, {
    visibility: person.visibility,
    suspendedAt: person.suspendedAt ?? null,
    deletionDueAt: person.deletionDueAt ?? null,
    hiddenAt: person.hiddenAt ?? null,
  });
  if (!listed) return { name: 'A community member', href: null, face: null };
  const face = {
    handle: person.handle,
    displayName: person.displayName,
    avatarKey: person.avatarKey,
    visibility: person.visibility,
  };
  return { name: person.displayName, href: `/people/${person.handle}`, face };
}

/** How a member who deleted their account is named: no name, no link. */
export const FORMER_MEMBER: PersonRef = { name: 'A former member', href: null, face: null };
