import { describe, expect, it } from 'vitest';
import { allowedSessionActions, sessionsOpen, sessionTransition } from '#features/requests/request-state.ts';

describe('the session state machine', () => {
  it('lets the other side, never the author, accept or decline a proposal; the author takes it back', () => {
    expect(sessionTransition('proposed', 'accept', 'counterpart')).toMatchObject({ ok: true, to: 'scheduled' });
    expect(sessionTransition('proposed', 'accept', 'author')).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(sessionTransition('proposed', 'decline', 'counterpart')).toMatchObject({ ok: true, to: 'declined' });
    expect(sessionTransition('proposed', 'withdraw', 'author')).toMatchObject({ ok: true, to: 'withdrawn' });
    expect(sessionTransition('proposed', 'withdraw', 'counterpart')).toMatchObject({ ok: false });
  });

  it('moves a scheduled session only through a proposal the other side answers', () => {
    expect(sessionTransition('scheduled', 'reschedule', 'author')).toMatchObject({ ok: true, to: 'moving' });
    expect(sessionTransition('scheduled', 'reschedule', 'counterpart')).toMatchObject({ ok: true, to: 'moving' });
    expect(sessionTransition('moving', 'acceptMove', 'counterpart')).toMatchObject({ ok: true, to: 'scheduled' });
    expect(sessionTransition('moving', 'acceptMove', 'author')).toMatchObject({ ok: false, reason: 'not-allowed' });
    expect(sessionTransition('moving', 'declineMove', 'counterpart')).toMatchObject({ ok: true, to: 'scheduled' });
    expect(sessionTransition('moving', 'withdrawMove', 'author')).toMatchObject({ ok: true, to: 'scheduled' });
    expect(sessionTransition('moving', 'reschedule', 'author')).toMatchObject({ ok: false, reason: 'wrong-state' });
  });

  it('cancels a scheduled or moving session by either side, and nothing already over', () => {
    for (const state of ['scheduled', 'moving'] as const)
      for (const actor of ['author', 'counterpart'] as const)
        expect(sessionTransition(state, 'cancel', actor)).toMatchObject({ ok: true, to: 'cancelled' });
    for (const state of ['cancelled', 'declined', 'withdrawn', 'proposed'] as const)
      expect(sessionTransition(state, 'cancel', 'author')).toMatchObject({ ok: false, reason: 'wrong-state' });
  });

  it('lets only the site release what a closed request held', () => {
    expect(sessionTransition('scheduled', 'release', 'system')).toMatchObject({ ok: true, to: 'cancelled' });
    expect(sessionTransition('proposed', 'release', 'system')).toMatchObject({ ok: true, to: 'cancelled' });
    expect(sessionTransition('scheduled', 'release', 'author')).toMatchObject({ ok: false });
  });

  it('offers each side the buttons the machine allows, release never among them', () => {
    expect(allowedSessionActions('proposed', 'counterpart')).toEqual(['accept', 'decline']);
    expect(allowedSessionActions('proposed', 'author')).toEqual(['withdraw']);
    expect(allowedSessionActions('scheduled', 'author')).toEqual(['reschedule', 'cancel']);
    expect(allowedSessionActions('moving', 'counterpart')).toEqual(['acceptMove', 'declineMove', 'cancel']);
    expect(allowedSessionActions('moving', 'author')).toEqual(['withdrawMove', 'cancel']);
    expect(allowedSessionActions('cancelled', 'author')).toEqual([]);
  });

  it('plans sessions only while the request is accepted', () => {
    expect(sessionsOpen('accepted')).toBe(true);
    for (const s of ['open', 'completed', 'cancelled', 'declined', 'withdrawn', 'expired'] as const)
      expect(sessionsOpen(s)).toBe(false);
  });
});
