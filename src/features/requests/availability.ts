import { wallClockAt } from '#server/time/zones.ts';

/** The profile fields that decide whether a member can be sent a request now. */
export interface AvailabilityProfile {
  capacityOpenRequests: number;
  /** ISO date (YYYY-MM-DD) on the member's own calendar, or null. */
  unavailableUntil: string | null;
  timezone: string;
}

export type Availability =
  | { kind: 'open'; openCount: number; capacity: number }
  | { kind: 'away'; until: string }
  | { kind: 'closed' }
  | { kind: 'at-capacity'; openCount: number; capacity: number };

/** Today's date (YYYY-MM-DD) on the wall calendar of `zone`. */
export function localDate(zone: string, now: Date): string {
  const w = wallClockAt(now, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/**
 * Whether a member takes new direct requests. Away (a "not available until" date still
 * ahead on their own calendar) comes first, then a capacity of 0 (not taking requests),
 * then a full queue: `openCount` is their open and accepted received requests.
 */
export function availabilityOf(profile: AvailabilityProfile, openCount: number, now: Date): Availability {
  if (profile.unavailableUntil && profile.unavailableUntil > localDate(profile.timezone, now)) {
    return { kind: 'away', until: profile.unavailableUntil };
  }
  if (profile.capacityOpenRequests <= 0) return { kind: 'closed' };
  if (openCount >= profile.capacityOpenRequests)
    return { kind: 'at-capacity', openCount, capacity: profile.capacityOpenRequests };
  return { kind: 'open', openCount, capacity: profile.capacityOpenRequests };
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "15 January 2027" for an ISO date. */
export function formatIsoDate(date: string): string {
  return longDate.format(new Date(`${date}T00:00:00Z`));
}

/** Why a member cannot be asked, in words for the requester (null when they can). */
export function unavailableMessage(name: string, availability: Availability): string | null {
  switch (availability.kind) {
    case 'away':
      return `${name} is away until ${formatIsoDate(availability.until)} and is not taking requests until then.`;
    case 'closed':
      return `${name} is not taking requests right now.`;
    case 'at-capacity':
      return `${name} is at capacity: they already have as many requests as they take at once. Try again later, or post an open call.`;
    case 'open':
      return null;
  }
}
