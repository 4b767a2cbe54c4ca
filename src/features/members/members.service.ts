import { type Availability, availabilityOf, unavailableMessage } from './availability.ts';
import * as repo from './members.repo.ts';
import type { Viewer } from './viewer.ts';
import { canSeeMember, isListedFor, isWithdrawn, visibleTo } from './visibility.ts';

export type { MemberRow } from './members.repo.ts';

/**
 * "A member as others see them", for every feature: who may see whom, who has blocked
 * whom, and whether someone can be asked for help. Later rules (suspension, hidden
 * content) change these functions and nothing else.
 */

/** A member by id, whether or not anyone may see them (for the rules themselves). */
export async function findMember(id: string): Promise<repo.MemberRow | null> {
  return (await repo.findMemberById(id)) ?? null;
}

/** A member by handle, whether or not anyone may see them. */
export async function findMemberByHandle(handle: string): Promise<repo.MemberRow | null> {
  return (await repo.findMemberByHandle(handle)) ?? null;
}

/** Several members by id, as rows the rules read (suspended ones included). */
export function findMembers(ids: string[]): Promise<repo.MemberRow[]> {
  return repo.findMembersByIds(ids);
}

/**
 * The members among `ids` that `viewer` may see in a list (not withdrawn or hidden, a
 * visibility they may see); `true` stands for any signed-in member.
 */
export async function visibleMembers(ids: string[], viewer: Viewer | true): Promise<repo.MemberRow[]> {
  return (await repo.findMembersByIds(ids)).filter((m) => isListedFor(viewer, m));
}

/** A member by handle whose profile `viewer` may open (see `canSeeMember`), or null. */
export async function findVisibleMember(handle: string, viewer: Viewer): Promise<repo.MemberRow | null> {
  const member = await repo.findMemberByHandle(handle);
  return member && canSeeMember(viewer, member) ? member : null;
}

/** Whether the member is withdrawn (suspended or leaving): they can be neither seen nor reached. */
export function memberIsWithdrawn(member: repo.MemberRow): boolean {
  return isWithdrawn(member);
}

/** The time zone a member's pages show times in (their profile's), or null for a visitor. */
export function memberZone(viewer: Viewer | { id: string }): Promise<string | null> {
  if (!viewer) return Promise.resolve(null);
  // Read with the session on member requests (viewerOf): no second read of the same row.
  if ('timezone' in viewer && viewer.timezone !== undefined) return Promise.resolve(viewer.timezone);
  return repo.findTimezone(viewer.id);
}

/** Received requests that count against each member's capacity now (open and accepted). */
export async function openRequestCounts(ids: string[]): Promise<Map<string, number>> {
  return new Map((await repo.findMembersByIds(ids)).map((m) => [m.id, m.openRequests]));
}

/** Whether a member takes new requests now, from a member row. */
export function memberAvailability(member: repo.MemberRow, now = new Date()): Availability {
  return availabilityOf(member, member.openRequests, now);
}

/** Members who teach a skill and whom `viewer` may see, strongest first. */
export function teachersOf(
  skillId: number,
  viewer: Viewer,
  options: { limit: number; reverseOnly?: boolean; excludeIds?: string[] },
) {
  return repo.teachersOf(skillId, { ...options, visibilities: visibleTo(viewer) });
}

/** Whether either member blocked the other. */
export async function blockedEitherWay(a: string, b: string): Promise<boolean> {
  return (await repo.blockersBetween(a, b)).size > 0;
}

/** Everyone a member must not be shown to or offered (blocked either way). */
export async function blockedEitherWayIds(userId: string): Promise<Set<string>> {
  const rows = await repo.blocksInvolving(userId);
  return new Set(rows.map((b) => (b.blockerId === userId ? b.blockedId : b.blockerId)));
}

/** How a viewer and a member stand: who blocked whom (both false for a visitor or oneself). */
export async function blockStatus(
  viewerId: string | null,
  memberId: string,
): Promise<{ viewerBlocked: boolean; blockedViewer: boolean }> {
  if (!viewerId || viewerId === memberId) return { viewerBlocked: false, blockedViewer: false };
  const blockers = await repo.blockersBetween(viewerId, memberId);
  return { viewerBlocked: blockers.has(viewerId), blockedViewer: blockers.has(memberId) };
}

const NOT_TAKING_ANY = 'This member is not taking requests right now.';

export type AskState =
  | { kind: 'own' }
  | { kind: 'blocked-by-viewer' }
  | { kind: 'unavailable'; message: string }
  | { kind: 'open' };

/**
 * Whether the viewer can ask this member for help now, and if not, what to say: their
 * own profile, a member they blocked, or someone away / not taking requests / at
 * capacity. A member who blocked the viewer looks like one not taking requests, so a
 * block is never revealed. The ask-for-help links and sending a request both ask this.
 */
export async function askStateFor(
  viewerId: string | null,
  member: repo.MemberRow,
  now = new Date(),
): Promise<AskState> {
  if (viewerId === member.id) return { kind: 'own' };
  if (isWithdrawn(member) || member.hiddenAt) return { kind: 'unavailable', message: NOT_TAKING_ANY };
  if (viewerId) {
    const { viewerBlocked, blockedViewer } = await blockStatus(viewerId, member.id);
    if (viewerBlocked) return { kind: 'blocked-by-viewer' };
    if (blockedViewer)
      return { kind: 'unavailable', message: `${member.displayName} is not taking requests right now.` };
  }
  const message = unavailableMessage(member.displayName, memberAvailability(member, now));
  return message ? { kind: 'unavailable', message } : { kind: 'open' };
}

/** `askStateFor` by member id; a member who does not exist is not taking requests. */
export async function getAskState(viewerId: string | null, memberId: string, now = new Date()): Promise<AskState> {
  const member = await repo.findMemberById(memberId);
  if (!member) return { kind: 'unavailable', message: NOT_TAKING_ANY };
  return askStateFor(viewerId, member, now);
}
