import type { Role } from '#db/schema/accounts.ts';
import type { RequestState } from '#db/schema/requests.ts';

/** How the viewer relates to a request; null means they may not see it at all (404). */
export type ViewerRole = 'requester' | 'recipient' | 'candidate' | 'moderator';

export interface AccessFacts {
  /** Null once the requester deleted their account. */
  requesterId: string | null;
  recipientId: string | null;
  openCall: boolean;
  state: RequestState;
  /** Set while a moderator keeps the request hidden. */
  hiddenAt: Date | null;
}

export interface AccessContext {
  /** The request has a report no moderator has resolved yet. */
  hasOpenReport: boolean;
  /** The viewer and the requester have blocked one another (either way). */
  blockedWithRequester: boolean;
}

/**
 * Who may see a request. The two participants always; while an open call waits for
 * someone, any member (not blocked either way) may read it to decide whether to pick
 * it up — but not its thread; moderators only while a report is unresolved. A request
 * a moderator hid stays with its requester (and moderators acting on a report).
 * Everyone else gets the same answer as for a request that does not exist.
 */
export function viewerRole(
  request: AccessFacts,
  viewer: { id: string; role: Role } | null,
  context: AccessContext,
): ViewerRole | null {
  if (!viewer) return null;
  const moderating = (viewer.role === 'moderator' || viewer.role === 'admin') && context.hasOpenReport;
  if (viewer.id === request.requesterId) return 'requester';
  if (request.hiddenAt !== null) return moderating ? 'moderator' : null;
  if (request.recipientId !== null && viewer.id === request.recipientId) return 'recipient';
  if (request.openCall && request.recipientId === null && request.state === 'open' && !context.blockedWithRequester)
    return 'candidate';
  if (moderating) return 'moderator';
  return null;
}

/** The thread: the participants, and moderators acting on a report. */
export function canReadThread(role: ViewerRole | null): boolean {
  return role === 'requester' || role === 'recipient' || role === 'moderator';
}

/** Only the two people meeting get the session in their calendar. */
export function isParticipant(role: ViewerRole | null): role is 'requester' | 'recipient' {
  return role === 'requester' || role === 'recipient';
}

/** Why an open call is no longer there to pick up: someone took it, or it closed unanswered. */
export type ClosedOpenCall = 'taken' | 'withdrawn' | 'expired';

/**
 * For someone `viewerRole` turns away: whether this is an open call they could have
 * picked up (signed in, not its requester, not blocked either way) that is no longer
 * open, and why. They are told so — a lost pick-up race is not "does not exist" — while
 * everyone else, and every other request, still gets the answer for a request that
 * does not exist. Nothing private is said: not who took it, nor anything of its thread.
 */
export function closedOpenCallReason(
  request: AccessFacts,
  viewer: { id: string } | null,
  context: Pick<AccessContext, 'blockedWithRequester'>,
): ClosedOpenCall | null {
  if (!viewer || !request.openCall || context.blockedWithRequester) return null;
  if (viewer.id === request.requesterId || viewer.id === request.recipientId) return null;
  if (request.recipientId !== null) return 'taken';
  if (request.state === 'withdrawn') return 'withdrawn';
  if (request.state === 'expired') return 'expired';
  return null;
}
