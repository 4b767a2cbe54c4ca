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
