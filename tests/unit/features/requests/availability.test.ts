import { describe, expect, it } from 'vitest';
import { availabilityOf, localDate, unavailableMessage } from '#features/requests/availability.ts';

const profile = { capacityOpenRequests: 3, unavailableUntil: null, timezone: 'UTC' };
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
