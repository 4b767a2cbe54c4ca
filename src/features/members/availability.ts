import type { RequestState } from '#db/schema/requests.ts';
import { wallClockAt } from '#server/time/zones.ts';
import { teachesUpwards } from './reverse-mentor.ts';

/**
 * Whether a member takes requests: the one rule that the profile page, people search,
 * the ask-for-help links, sending a request, picking up an open call and suggested
 * matches all follow.
 */

/** The availability fields of a profile (what the profile form edits). */
export interface AvailabilityFields {
  openToAdhoc: boolean;
  openToOngoing: boolean;
  openToReverse: boolean;
  /** How many open requests the member takes at once; 0 means not taking requests. */
  capacityOpenRequests: number;
  capacityHoursMonth: number;
  /** ISO date (YYYY-MM-DD) on the member's own calendar, or null. */
  unavailableUntil: string | null;
}

/** The fields the decision reads. */
export type AvailabilityRule = Pick<
  AvailabilityFields,
  'openToAdhoc' | 'openToOngoing' | 'openToReverse' | 'capacityOpenRequests' | 'unavailableUntil'
>;

/** Received requests in these states take up a member's time: they count against their capacity. */
export const CAPACITY_STATES = ['open', 'accepted'] as const satisfies readonly RequestState[];

export type Availability =
  | { kind: 'open'; openCount: number; capacity: number }
  | { kind: 'away'; until: string }
  | { kind: 'closed' }
  | { kind: 'at-capacity'; openCount: number; capacity: number };

export type AvailabilityKind = Availability['kind'];

export interface AvailabilityState {
  kind: AvailabilityKind;
  /** One short phrase: "open to ad-hoc questions", "away until 15 January", "at capacity". */
  label: string;
  /** What the member is open to, as phrases, when they take requests at all. */
  openTo: string[];
}

/** Today's date (YYYY-MM-DD) on the wall calendar of `zone`. */
export function localDate(zone: string, now: Date = new Date()): string {
  const w = wallClockAt(now, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

const monthDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const monthDayYear = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "15 January 2027"; with `today`, a date in today's year drops the year ("15 January"). */
export function formatIsoDate(date: string, today?: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return (today !== undefined && date.slice(0, 4) === today.slice(0, 4) ? monthDay : monthDayYear).format(d);
}

/** A member who ticked none of the "open to" boxes takes no requests, whatever their capacity. */
export function isOpenToAnything(
  p: Pick<AvailabilityFields, 'openToAdhoc' | 'openToOngoing' | 'openToReverse'>,
): boolean {
  return p.openToAdhoc || p.openToOngoing || p.openToReverse;
}

/**
 * The decision, on the member's own calendar day. Away (a "not available until" date
 * still ahead) beats everything; then not taking requests (no "open to" box ticked,
 * or a capacity of 0); then a full queue: `openCount` is their open and accepted
 * received requests.
 */
function decide(p: AvailabilityRule, openCount: number, today: string): Availability {
  if (p.unavailableUntil && p.unavailableUntil > today) return { kind: 'away', until: p.unavailableUntil };
  if (!isOpenToAnything(p) || p.capacityOpenRequests <= 0) return { kind: 'closed' };
  const capacity = p.capacityOpenRequests;
  return openCount >= capacity ? { kind: 'at-capacity', openCount, capacity } : { kind: 'open', openCount, capacity };
}

/** Whether a member takes new requests now (their time zone decides what "today" is). */
export function availabilityOf(p: AvailabilityRule & { timezone: string }, openCount: number, now: Date): Availability {
  return decide(p, openCount, localDate(p.timezone, now));
}

/** The phrases for what a member is open to, in a stable order. */
export function openToPhrases(
  p: Pick<AvailabilityFields, 'openToAdhoc' | 'openToOngoing' | 'openToReverse'>,
  seniority: string,
): string[] {
  return [
    p.openToAdhoc ? 'open to ad-hoc questions' : null,
    p.openToOngoing ? 'open to ongoing mentoring' : null,
    p.openToReverse ? (teachesUpwards(seniority) ? 'offers reverse mentoring' : 'open to reverse mentoring') : null,
  ].filter((s): s is string => s !== null);
}

/** The same decision as `availabilityOf`, in the words a profile or a search result shows. */
export function availabilityState(
  p: AvailabilityRule & { seniority: string },
  openRequests: number,
  today: string,
): AvailabilityState {
  const openTo = openToPhrases(p, p.seniority);
  const decided = decide(p, openRequests, today);
  switch (decided.kind) {
    case 'away':
      return { kind: 'away', label: `away until ${formatIsoDate(decided.until, today)}`, openTo };
    case 'closed':
      return { kind: 'closed', label: 'not taking requests right now', openTo };
    case 'at-capacity':
      return { kind: 'at-capacity', label: 'at capacity', openTo };
    case 'open':
      return { kind: 'open', label: openTo[0]!, openTo };
  }
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
