import { describe, expect, it } from 'vitest';
import {
  type AvailabilityFields,
  availabilityOf,
  availabilityState,
  formatIsoDate,
  localDate,
  unavailableMessage,
} from '#features/members/availability.ts';

// Open to ad-hoc questions: with no "open to" box ticked a member takes no requests at all.
const profile = {
  openToAdhoc: true,
  openToOngoing: false,
  openToReverse: false,
  capacityOpenRequests: 3,
  unavailableUntil: null,
  timezone: 'UTC',
};
const now = new Date('2026-05-10T12:00:00Z');

describe('who can be sent a request', () => {
  it('is open below capacity and at capacity at it', () => {
    expect(availabilityOf(profile, 2, now)).toEqual({ kind: 'open', openCount: 2, capacity: 3 });
    expect(availabilityOf(profile, 3, now)).toEqual({ kind: 'at-capacity', openCount: 3, capacity: 3 });
  });

  it('treats a capacity of 0 as not taking requests', () => {
    expect(availabilityOf({ ...profile, capacityOpenRequests: 0 }, 0, now)).toEqual({ kind: 'closed' });
  });

  it('is away until the date arrives on the member’s own calendar', () => {
    const away = { ...profile, unavailableUntil: '2026-05-11', timezone: 'America/Los_Angeles' };
    expect(availabilityOf(away, 0, now).kind).toBe('away');
    // In Tokyo it is already the 11th at 12:00 UTC (21:00 local): the member is back.
    expect(availabilityOf({ ...away, timezone: 'Asia/Tokyo' }, 0, new Date('2026-05-10T16:00:00Z')).kind).toBe('open');
    expect(localDate('Asia/Tokyo', new Date('2026-05-10T16:00:00Z'))).toBe('2026-05-11');
  });

  it('puts away before capacity and explains each state', () => {
    expect(availabilityOf({ ...profile, unavailableUntil: '2027-01-15', capacityOpenRequests: 0 }, 9, now).kind).toBe(
      'away',
    );
    expect(unavailableMessage('Ruby', { kind: 'away', until: '2027-01-15' })).toBe(
      'Ruby is away until 15 January 2027 and is not taking requests until then.',
    );
    expect(unavailableMessage('Ruby', { kind: 'closed' })).toMatch(/not taking requests/);
    expect(unavailableMessage('Ruby', { kind: 'at-capacity', openCount: 2, capacity: 2 })).toMatch(/at capacity/);
    expect(unavailableMessage('Ruby', { kind: 'open', openCount: 0, capacity: 2 })).toBeNull();
  });
});

const base: AvailabilityFields & { seniority: string } = {
  openToAdhoc: true,
  openToOngoing: false,
  openToReverse: false,
  capacityOpenRequests: 3,
  capacityHoursMonth: 4,
  unavailableUntil: null,
  seniority: 'junior',
};

describe('availability in words (profile, search results)', () => {
  it('is open to what the member switched on', () => {
    const state = availabilityState({ ...base, openToReverse: true }, 0, '2026-11-22');
    expect(state.kind).toBe('open');
    expect(state.label).toBe('open to ad-hoc questions');
    expect(state.openTo).toEqual(['open to ad-hoc questions', 'offers reverse mentoring']);
  });

  it('says a senior is open to (not offering) reverse mentoring', () => {
    expect(availabilityState({ ...base, openToReverse: true, seniority: 'staff' }, 0, '2026-11-22').openTo).toContain(
      'open to reverse mentoring',
    );
  });

  it('shows away until a date still ahead, and open again from that date', () => {
    expect(availabilityState({ ...base, unavailableUntil: '2027-01-15' }, 0, '2026-11-22').label).toBe(
      'away until 15 January 2027',
    );
    expect(availabilityState({ ...base, unavailableUntil: '2026-12-15' }, 0, '2026-11-22').label).toBe(
      'away until 15 December',
    );
    expect(availabilityState({ ...base, unavailableUntil: '2026-11-22' }, 0, '2026-11-22').kind).toBe('open');
  });

  it('is at capacity when the open requests reach the capacity', () => {
    expect(availabilityState(base, 3, '2026-11-22')).toMatchObject({ kind: 'at-capacity', label: 'at capacity' });
    expect(availabilityState(base, 2, '2026-11-22').kind).toBe('open');
  });

  it('is closed with nothing switched on or a capacity of zero', () => {
    expect(availabilityState({ ...base, openToAdhoc: false }, 0, '2026-11-22').kind).toBe('closed');
    expect(availabilityState({ ...base, capacityOpenRequests: 0 }, 0, '2026-11-22').label).toBe(
      'not taking requests right now',
    );
  });

  it('reads today on the member’s own calendar', () => {
    const now = new Date('2026-11-22T23:30:00Z');
    expect(localDate('UTC', now)).toBe('2026-11-22');
    expect(localDate('Asia/Tokyo', now)).toBe('2026-11-23');
    expect(formatIsoDate('2026-03-01', '2026-01-01')).toBe('1 March');
  });
});

describe('the one availability rule', () => {
  it('treats a member with capacity but no "open to" box ticked as not taking requests, everywhere', () => {
    const nothingTicked = { ...profile, openToAdhoc: false };
    expect(availabilityOf(nothingTicked, 0, now)).toEqual({ kind: 'closed' });
    expect(availabilityState({ ...nothingTicked, seniority: 'mid' }, 0, '2026-05-10').kind).toBe('closed');
    expect(unavailableMessage('Ruby', availabilityOf(nothingTicked, 0, now))).toBe(
      'Ruby is not taking requests right now.',
    );
  });

  it('takes requests with any one box ticked', () => {
    for (const box of ['openToAdhoc', 'openToOngoing', 'openToReverse'] as const) {
      const one = { ...profile, openToAdhoc: false, [box]: true };
      expect(availabilityOf(one, 0, now).kind).toBe('open');
      expect(availabilityState({ ...one, seniority: 'junior' }, 0, '2026-05-10').kind).toBe('open');
    }
  });
});
