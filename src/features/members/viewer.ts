import type { Role } from '#db/schema/accounts.ts';

/** A signed-in member, as the services see whoever is asking. */
export interface MemberViewer {
  readonly id: string;
  /** For links to their own profile. */
  readonly handle: string;
  readonly role: Role;
  /**
   * The zone their pages show times in (their profile's), when it was read with their
   * session; absent when the caller did not have it (`memberZone` then reads it).
   */
  readonly timezone?: string | null;
}

/**
 * Who is asking: a signed-in member, or null for a visitor. Built once per request by
 * src/middleware.ts (`Astro.locals.viewer`) and passed down to the services.
 */
export type Viewer = MemberViewer | null;

/** The viewer for a signed-in user (a session's user fits, with the zone read alongside it), or null for a visitor. */
export function viewerOf(
  user: { id: string; handle: string; role: Role; profile?: { timezone: string } | null } | null | undefined,
): Viewer {
  if (!user) return null;
  const viewer = { id: user.id, handle: user.handle, role: user.role };
  return user.profile === undefined ? viewer : { ...viewer, timezone: user.profile?.timezone ?? null };
}

/** Moderators and admins act on reports. */
export function isModerator(viewer: Viewer): boolean {
  return viewer?.role === 'moderator' || viewer?.role === 'admin';
}
