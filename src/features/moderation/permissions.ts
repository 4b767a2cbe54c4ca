import type { Role } from '#db/schema/accounts.ts';
import { isModerator, type Viewer } from '#features/members/viewer.ts';

/*
 * Who may do what in moderation: the one home of these rules, pure so each has an
 * allow and a deny test. Anyone who may not moderate gets "not found" for the queue,
 * cases, member pages and every action, so members never learn the tools exist.
 */

/** Moderators and admins work the queue, act on content and members, and answer appeals. */
export function canModerate(viewer: Viewer): boolean {
  return isModerator(viewer);
}

/** Only admins appoint and remove moderators and read the audit log. */
export function canAdminister(viewer: Viewer): boolean {
  return viewer?.role === 'admin';
}

/**
 * Whether `actor` may warn, suspend or lift a suspension of `target`: never themselves;
 * moderators act on members; admins act on members and moderators; nobody acts on an
 * admin from the site (`npm run admin -- demote` first).
 */
export function canActOnMember(actor: Viewer, target: { id: string; role: Role }): boolean {
  if (!actor || actor.id === target.id || !canModerate(actor)) return false;
  if (target.role === 'admin') return false;
  if (target.role === 'moderator') return actor.role === 'admin';
  return true;
}

/** Whether an admin may change `target`'s role on the site: between member and moderator, never an admin's or their own. */
export function canChangeRole(actor: Viewer, target: { id: string; role: Role }): boolean {
  return canAdminister(actor) && actor!.id !== target.id && target.role !== 'admin';
}
