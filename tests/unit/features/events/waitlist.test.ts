import { describe, expect, it } from 'vitest';
import { freeSeats, planPromotions, waitlistPosition } from '#features/events/waitlist.ts';

const queue = [
  { userId: 'carol', seq: 14 },
  { userId: 'alice', seq: 11 },
  { userId: 'dave', seq: 20 },
  { userId: 'bob', seq: 12 },
];

describe('waitlist promotion', () => {
  it('promotes the earliest arrivals first, as many as there are free seats', () => {
    expect(planPromotions(10, 9, queue).map((r) => r.userId)).toEqual(['alice']);
    expect(planPromotions(10, 7, queue).map((r) => r.userId)).toEqual(['alice', 'bob', 'carol']);
    expect(planPromotions(20, 0, queue).map((r) => r.userId)).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it('promotes nobody when the event is full, or when capacity was lowered below the going count', () => {
    expect(planPromotions(10, 10, queue)).toEqual([]);
    expect(planPromotions(5, 8, queue)).toEqual([]);
    expect(freeSeats(5, 8)).toBe(0);
  });

  it('does not reorder the caller’s list', () => {
    const copy = [...queue];
    planPromotions(10, 0, queue);
    expect(queue).toEqual(copy);
  });

  it('numbers places from 1 in arrival order', () => {
    expect(waitlistPosition(queue, 'alice')).toBe(1);
    expect(waitlistPosition(queue, 'carol')).toBe(3);
    expect(waitlistPosition(queue, 'erin')).toBeNull();
  });
});
