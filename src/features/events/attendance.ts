import { z } from 'zod';
import type { RsvpStatus } from '#db/schema/index.ts';
import type { EventRelation } from './events.ts';

/**
 * Attendance rules: who checks people in and when, the self check-in code, and who is
 * asked for feedback. Pure, so the clock and the facts are passed in.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Organisers and co-hosts run the door (and read the event's summary). */
export function canRunDoor(relation: EventRelation): boolean {
  return relation === 'organizer' || relation === 'host';
}

/** At the door: from two hours before the start until a week after the end, to fix the record later. */
export function doorIsOpen(event: { startsAt: Date; endsAt: Date }, now: Date): boolean {
  const t = now.getTime();
  return t >= event.startsAt.getTime() - 2 * HOUR && t <= event.endsAt.getTime() + 7 * DAY;
}

/** Self check-in with the code: only around the event, from half an hour before until an hour after. */
export function selfCheckInIsOpen(event: { startsAt: Date; endsAt: Date }, now: Date): boolean {
  const t = now.getTime();
  return t >= event.startsAt.getTime() - 30 * MINUTE && t <= event.endsAt.getTime() + HOUR;
}

/** Letters and digits that cannot be mistaken for one another when read off a screen. */
const CODE_ALPHABET = 'ACDEFHJKMNPRTUVWXY3479';
export const CODE_LENGTH = 6;

/** A fresh check-in code, e.g. "K7XRDA" (22⁶ ≈ 113 million codes; guesses are rate-limited). */
export function generateCheckInCode(): string {
  const out: string[] = [];
  const bytes = new Uint8Array(CODE_LENGTH * 2);
  while (out.length < CODE_LENGTH) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      // Reject the top of the range so every symbol is equally likely.
      if (byte < 256 - (256 % CODE_ALPHABET.length) && out.length < CODE_LENGTH) {
        out.push(CODE_ALPHABET[byte % CODE_ALPHABET.length]!);
      }
    }
  }
  return out.join('');
}

/** What someone typed, as a code: upper case, without spaces or dashes. */
export function normalizeCheckInCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** Shows a code in two halves so it is easy to read out: "K7X RDA". */
export function displayCheckInCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

/**
 * Who is asked for feedback and may give it: members who were checked in; when nobody
 * was checked in at all, everyone who was going (the organiser did not use check-in).
 */
export function cameToEvent(
  rsvp: { status: RsvpStatus; attendedAt: Date | null } | undefined,
  anyCheckedIn: boolean,
): boolean {
  if (!rsvp) return false;
  if (anyCheckedIn) return rsvp.attendedAt !== null;
  return rsvp.status === 'going';
}

/** Feedback opens when the event ends and closes thirty days later. */
export function feedbackIsOpen(event: { endsAt: Date }, now: Date): boolean {
  const t = now.getTime();
  return t >= event.endsAt.getTime() && t <= event.endsAt.getTime() + 30 * DAY;
}

export const checkInInput = z.object({
  eventId: z.string().max(40),
  userId: z.string().max(40),
  /** The state the tap asks for (not a toggle), so a double tap cannot undo itself. */
  attended: z.enum(['1', '0']).transform((v) => v === '1'),
  q: z.string().max(100).optional(),
});
export type CheckInInput = z.infer<typeof checkInInput>;

export const selfCheckInInput = z.object({
  eventId: z.string().max(40),
  code: z
    .string({ error: 'Enter the code shown at the event.' })
    .trim()
    .min(1, 'Enter the code shown at the event.')
    .max(20, 'The code has six characters.'),
});
export type SelfCheckInInput = z.infer<typeof selfCheckInInput>;
