import { z } from 'zod';
import { isValidTimeZone } from '#server/time/zones.ts';

const id = z.string().min(1).max(40);
const when = z.string({ error: 'Enter a date and time.' }).trim().max(20);
const zone = z.string().max(64).refine(isValidTimeZone, 'Choose a time zone from the list.');

/** Propose the next session of a request. */
export const proposeSessionInput = z.object({ id, startsAt: when, timezone: zone });
/** Answer a proposed session (or take back one's own). */
export const answerSessionInput = z.object({ id, sessionId: id, answer: z.enum(['accept', 'decline', 'withdraw']) });
/** Propose a new time for a scheduled session. */
export const rescheduleSessionInput = z.object({ id, sessionId: id, startsAt: when, timezone: zone });
/** Answer a proposed new time (or take back one's own). */
export const answerMoveInput = z.object({ id, sessionId: id, answer: z.enum(['accept', 'decline', 'withdraw']) });
/** Cancel one session; the request goes on. */
export const cancelSessionInput = z.object({
  id,
  sessionId: id,
  reason: z.string().trim().max(500, 'Keep it under 500 characters.').optional(),
});
