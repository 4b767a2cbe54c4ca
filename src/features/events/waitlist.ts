/**
 * The rules of seats and the waitlist, as pure functions. The service applies them
 * inside one transaction with conditional updates, so the database (not this code)
 * has the last word when RSVPs race; these decide who to try, in what order.
 */

export interface QueuedRsvp {
  userId: string;
  /** Arrival number within the event: lower came first. */
  seq: number;
}

/** Seats still free: never negative, even after the capacity was lowered below the going count. */
export function freeSeats(capacity: number, goingCount: number): number {
  return Math.max(0, capacity - goingCount);
}

/** Who moves up from the waitlist when seats free up: the earliest arrivals, as many as there are seats. */
export function planPromotions<T extends QueuedRsvp>(capacity: number, goingCount: number, waitlist: T[]): T[] {
  const seats = freeSeats(capacity, goingCount);
  if (seats === 0) return [];
  return [...waitlist].sort((a, b) => a.seq - b.seq).slice(0, seats);
}

/** A member's place on the waitlist (1 = next to get a seat), or null if they are not on it. */
export function waitlistPosition(waitlist: QueuedRsvp[], userId: string): number | null {
  const sorted = [...waitlist].sort((a, b) => a.seq - b.seq);
  const index = sorted.findIndex((r) => r.userId === userId);
  return index === -1 ? null : index + 1;
}
