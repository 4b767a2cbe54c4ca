import type { SessionState } from '#db/schema/mentoring-sessions.ts';
import type { RequestState } from '#db/schema/requests.ts';
import { CAPACITY_STATES } from '#features/members/availability.ts';

/**
 * The lifecycle of a mentoring request, as data. Pure: no database, no clock. Every
 * state change asks `transition()` first and writes what it answers (the repo's
 * `moveState` takes its `Transition`): services never name a target state
 * themselves, and the write is conditional on the state seen, so an illegal or stale
 * change is refused either way.
 *
 *   open ──accept / pickUp──▶ accepted ──complete──▶ completed
 *     │                          └──cancel──▶ cancelled
 *     ├──decline──▶ declined
 *     ├──withdraw─▶ withdrawn
 *     ├──expire───▶ expired
 *     └──askDetails──▶ open (a question in the thread)
 */

export type { RequestState };

/** Who is acting, relative to the request. `candidate`: a member who may pick up an open call. */
export type ActorRole = 'requester' | 'recipient' | 'candidate' | 'system';

export const REQUEST_ACTIONS = [
  'accept',
  'pickUp',
  'decline',
  'askDetails',
  'withdraw',
  'cancel',
  'complete',
  'expire',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

interface Rule {
  from: readonly RequestState[];
  to: RequestState | 'same';
  by: readonly ActorRole[];
}

const RULES: Record<RequestAction, Rule> = {
  accept: { from: ['open'], to: 'accepted', by: ['recipient'] },
  pickUp: { from: ['open'], to: 'accepted', by: ['candidate'] },
  decline: { from: ['open'], to: 'declined', by: ['recipient'] },
  askDetails: { from: ['open'], to: 'same', by: ['recipient'] },
  withdraw: { from: ['open'], to: 'withdrawn', by: ['requester'] },
  cancel: { from: ['accepted'], to: 'cancelled', by: ['requester', 'recipient'] },
  complete: { from: ['accepted'], to: 'completed', by: ['requester', 'recipient'] },
  expire: { from: ['open'], to: 'expired', by: ['system'] },
};

/** A change the machine allows: from the state the caller saw, to the next one. Writes condition on `from`. */
export interface Transition {
  from: RequestState;
  to: RequestState;
}

export type TransitionResult =
  | ({ ok: true } & Transition)
  | { ok: false; reason: 'not-allowed' | 'wrong-state'; message: string };

/** Every request starts here. */
export const INITIAL_STATE: RequestState = 'open';

const STATE_WORDS: Record<RequestState, string> = {
  open: 'still open',
  accepted: 'accepted',
  completed: 'completed',
  declined: 'declined',
  withdrawn: 'withdrawn',
  cancelled: 'cancelled',
  expired: 'expired',
};

/** Whether `actor` may take `action` on a request in `state`, and where it leads. */
export function transition(state: RequestState, action: RequestAction, actor: ActorRole): TransitionResult {
  const rule = RULES[action];
  if (!rule.by.includes(actor)) {
    return { ok: false, reason: 'not-allowed', message: 'You cannot do that on this request.' };
  }
  if (!rule.from.includes(state)) {
    return {
      ok: false,
      reason: 'wrong-state',
      message: `This request is ${STATE_WORDS[state]}, so that is no longer possible.`,
    };
  }
  return { ok: true, from: state, to: rule.to === 'same' ? state : rule.to };
}

/** Every action `actor` may take on a request in `state`, in the order a page offers them. */
export function allowedActions(state: RequestState, actor: ActorRole): RequestAction[] {
  return REQUEST_ACTIONS.filter((action) => transition(state, action, actor).ok);
}

/** States that never change again. */
export const TERMINAL_STATES: readonly RequestState[] = ['completed', 'declined', 'withdrawn', 'cancelled', 'expired'];

export function isTerminal(state: RequestState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Requests that take up the helper's time: they count against the helper's capacity (a member rule). */
export const ACTIVE_STATES: readonly RequestState[] = CAPACITY_STATES;

/** The two participants can still write in the thread (a closed request's thread is read-only). */
export function threadIsOpen(state: RequestState): boolean {
  return state === 'open' || state === 'accepted' || state === 'completed';
}

/*
 * Sessions of an accepted request, as data, the same way. A session is proposed by one
 * side and accepted by the other; once scheduled either side may propose a new time
 * (it is "moving": the old time holds until the other side accepts or declines) or
 * cancel it. Cancelling one session never ends the request.
 *
 *   proposed ──accept──▶ scheduled ──reschedule──▶ moving ──acceptMove──▶ scheduled (new time)
 *      ├──decline──▶ declined        │                 ├──declineMove / withdrawMove──▶ scheduled (old time)
 *      └──withdraw─▶ withdrawn       └──cancel──▶ cancelled ◀──cancel──┘
 */

export type { SessionState };

/** Who acts on a session: the side that made the pending proposal or move, the other side, or the site. */
export type SessionActor = 'author' | 'counterpart' | 'system';

export const SESSION_ACTIONS = [
  'accept',
  'decline',
  'withdraw',
  'reschedule',
  'acceptMove',
  'declineMove',
  'withdrawMove',
  'cancel',
  'release',
] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];

const SESSION_RULES: Record<
  SessionAction,
  { from: readonly SessionState[]; to: SessionState; by: readonly SessionActor[] }
> = {
  accept: { from: ['proposed'], to: 'scheduled', by: ['counterpart', 'system'] },
  decline: { from: ['proposed'], to: 'declined', by: ['counterpart'] },
  withdraw: { from: ['proposed'], to: 'withdrawn', by: ['author'] },
  reschedule: { from: ['scheduled'], to: 'moving', by: ['author', 'counterpart'] },
  acceptMove: { from: ['moving'], to: 'scheduled', by: ['counterpart'] },
  declineMove: { from: ['moving'], to: 'scheduled', by: ['counterpart'] },
  withdrawMove: { from: ['moving'], to: 'scheduled', by: ['author'] },
  cancel: { from: ['scheduled', 'moving'], to: 'cancelled', by: ['author', 'counterpart', 'system'] },
  // The request closed (declined, withdrawn, expired, cancelled): what it still held is let go.
  release: { from: ['proposed', 'scheduled', 'moving'], to: 'cancelled', by: ['system'] },
};

/** A session change the machine allows; the write conditions on `from`. */
export interface SessionTransition {
  from: SessionState;
  to: SessionState;
}

const SESSION_WORDS: Record<SessionState, string> = {
  proposed: 'waiting for an answer',
  scheduled: 'scheduled',
  moving: 'waiting for an answer about a new time',
  declined: 'declined',
  withdrawn: 'withdrawn',
  cancelled: 'cancelled',
};

/** Whether `actor` may take `action` on a session in `state`, and where it leads. */
export function sessionTransition(
  state: SessionState,
  action: SessionAction,
  actor: SessionActor,
): ({ ok: true } & SessionTransition) | { ok: false; reason: 'not-allowed' | 'wrong-state'; message: string } {
  const rule = SESSION_RULES[action];
  if (!rule.by.includes(actor))
    return { ok: false, reason: 'not-allowed', message: 'It is up to the other side to answer this.' };
  if (!rule.from.includes(state))
    return {
      ok: false,
      reason: 'wrong-state',
      message: `This session is ${SESSION_WORDS[state]}, so that is no longer possible.`,
    };
  return { ok: true, from: state, to: rule.to };
}

/** Every session action `actor` may take now, in the order a page offers them. */
export function allowedSessionActions(state: SessionState, actor: SessionActor): SessionAction[] {
  return SESSION_ACTIONS.filter((a) => a !== 'release' && sessionTransition(state, a, actor).ok);
}

/** Every session starts as a proposal (a booked slot is one too, held until the helper answers the request). */
export const INITIAL_SESSION_STATE: SessionState = 'proposed';

/** Sessions that hold time (in calendars, against the helper's bookable time). */
export const LIVE_SESSION_STATES: readonly SessionState[] = ['proposed', 'scheduled', 'moving'];
/** Sessions that will take place (a "moving" one holds its old time until the new one is accepted). */
export const CONFIRMED_SESSION_STATES: readonly SessionState[] = ['scheduled', 'moving'];

/** Sessions can be proposed, moved and cancelled only while the request itself is accepted. */
export function sessionsOpen(state: RequestState): boolean {
  return state === 'accepted';
}
