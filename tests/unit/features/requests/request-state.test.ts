import { describe, expect, it } from 'vitest';
import { REQUEST_STATES } from '#db/schema/requests.ts';
import {
  type ActorRole,
  allowedActions,
  isTerminal,
  REQUEST_ACTIONS,
  type RequestAction,
  type RequestState,
  threadIsOpen,
  transition,
} from '#features/requests/request-state.ts';

const ROLES: ActorRole[] = ['requester', 'recipient', 'candidate', 'system'];

/** The whole lifecycle, written out independently of the module: [from, action, who] → to. */
const LEGAL: [RequestState, RequestAction, ActorRole, RequestState][] = [
  ['open', 'accept', 'recipient', 'accepted'],
  ['open', 'pickUp', 'candidate', 'accepted'],
  ['open', 'decline', 'recipient', 'declined'],
  ['open', 'askDetails', 'recipient', 'open'],
  ['open', 'withdraw', 'requester', 'withdrawn'],
  ['open', 'expire', 'system', 'expired'],
  ['accepted', 'cancel', 'requester', 'cancelled'],
  ['accepted', 'cancel', 'recipient', 'cancelled'],
  ['accepted', 'complete', 'requester', 'completed'],
  ['accepted', 'complete', 'recipient', 'completed'],
];

const key = (s: string, a: string, r: string) => `${s}|${a}|${r}`;
const legal = new Map(LEGAL.map(([s, a, r, to]) => [key(s, a, r), to]));

describe('request state machine', () => {
  it.each(LEGAL)('%s --%s by %s--> %s', (from, action, role, to) => {
    expect(transition(from, action, role)).toEqual({ ok: true, from, to });
  });

  // Every other combination of state × action × actor is refused.
  const illegal = REQUEST_STATES.flatMap((s) =>
    REQUEST_ACTIONS.flatMap((a) => ROLES.map((r) => [s, a, r] as const)),
  ).filter(([s, a, r]) => !legal.has(key(s, a, r)));

  it(`refuses all ${illegal.length} other combinations`, () => {
    expect(illegal.length).toBe(REQUEST_STATES.length * REQUEST_ACTIONS.length * ROLES.length - LEGAL.length);
    for (const [state, action, role] of illegal) {
      const result = transition(state, action, role);
      expect(result.ok, `${state} ${action} ${role}`).toBe(false);
    }
  });

  it('says "not allowed" for the wrong person and "wrong state" for the wrong moment', () => {
    expect(transition('open', 'accept', 'requester')).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(transition('open', 'withdraw', 'recipient')).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(transition('accepted', 'accept', 'recipient')).toMatchObject({ ok: false, reason: 'wrong-state' });
    const late = transition('completed', 'cancel', 'requester');
    expect(late).toMatchObject({ ok: false, reason: 'wrong-state' });
    expect(!late.ok && late.message).toMatch(/completed/);
  });

  it('never leaves a terminal state', () => {
    for (const state of REQUEST_STATES.filter(isTerminal)) {
      for (const role of ROLES) expect(allowedActions(state, role)).toEqual([]);
    }
    expect(REQUEST_STATES.filter(isTerminal)).toEqual(['completed', 'declined', 'withdrawn', 'cancelled', 'expired']);
  });

  it('lists what each side may do', () => {
    expect(allowedActions('open', 'recipient')).toEqual(['accept', 'decline', 'askDetails']);
    expect(allowedActions('open', 'requester')).toEqual(['withdraw']);
    expect(allowedActions('open', 'candidate')).toEqual(['pickUp']);
    expect(allowedActions('accepted', 'requester')).toEqual(['cancel', 'complete']);
    expect(allowedActions('accepted', 'candidate')).toEqual([]);
  });

  it('keeps the thread writable while open, accepted or completed only', () => {
    expect(REQUEST_STATES.filter(threadIsOpen)).toEqual(['open', 'accepted', 'completed']);
  });
});
