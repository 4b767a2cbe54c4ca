import type { Visibility } from '#db/schema/index.ts';

export interface PersonRef {
  name: string;
  /** Profile address, or null when the viewer may not see the profile. */
  href: string | null;
}

/**
 * How to name a member on someone else's page (an event's host, a list's owner).
 * Members-only profiles never reach visitors, so signed-out viewers see "a community
 * member" instead of the name and no link.
 */
export function personRef(
  person: { handle: string; displayName: string; visibility: Visibility },
  viewerSignedIn: boolean,
): PersonRef {
  if (person.visibility === 'members' && !viewerSignedIn) return { name: 'A community member', href: null };
  return { name: person.displayName, href: `/people/${person.handle}` };
}
