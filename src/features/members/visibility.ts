import type { Visibility } from '#db/schema/profiles.ts';
import type { Face } from './avatar.ts';
import type { Viewer } from './viewer.ts';

/**
 * Who may see whom. Members-only profiles never reach visitors, and suspended members
 * reach nobody: every page, list, search and suggestion asks these rules (SQL callers
 * use `visibleMemberCondition` in member-columns.ts).
 */

/** Profile visibilities a viewer (or, as a boolean, anyone signed in) may see: members see members-only profiles. */
export function visibleTo(viewer: Viewer | boolean): Visibility[] {
  return viewer ? ['public', 'members'] : ['public'];
}

/** Whether a viewer may see a member's profile at all; if not, the profile is "not found". */
export function canSeeMember(viewer: Viewer, member: { visibility: Visibility; suspendedAt: Date | null }): boolean {
  return member.suspendedAt === null && visibleTo(viewer).includes(member.visibility);
}

export interface PersonRef {
  name: string;
  /** Profile address, or null when the viewer may not see the profile. */
  href: string | null;
  /** Their face, or null when the viewer may not see the profile. */
  face: Face | null;
}

/**
 * How to name a member on someone else's page (an event's host, a list's owner):
 * someone the viewer may not see is "a community member", without a link.
 */
export function personRef(person: Face, viewer: Viewer): PersonRef {
  if (!visibleTo(viewer).includes(person.visibility)) return { name: 'A community member', href: null, face: null };
  const face = {
    handle: person.handle,
    displayName: person.displayName,
    avatarKey: person.avatarKey,
    visibility: person.visibility,
  };
  return { name: person.displayName, href: `/people/${person.handle}`, face };
}
