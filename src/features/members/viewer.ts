import type { Role } from '#db/schema/accounts.ts';

/** A signed-in member, as the services see whoever is asking. */
export interface MemberViewer {
  readonly id: string;
  /** For links to their own profile. */
  readonly handle: string;
  readonly role: Role;
}

/**
 * Who is asking: a signed-in member, or null for a visitor. Built once per request by
 * src/middleware.ts (`Astro.locals.viewer`) and passed down to the services.
 */
export type Viewer = MemberViewer | null;

/** The viewer for a signed-in user (a session's user fits), or null for a visitor. */
export function viewerOf(user: { id: string; handle: string; role: Role } | null | undefined): Viewer {
  return user ? { id: user.id, handle: user.handle, role: user.role } : null;
}

/** Moderators and admins act on reports. */
export function isModerator(viewer: Viewer): boolean {
  return viewer?.role === 'moderator' || viewer?.role === 'admin';
}
