import { z } from 'zod';
import { eventInput } from '#features/events/events.ts';
import { MAX_WEEKLY_INTERVAL, placeInMonth, type RecurrenceRule } from './recurrence.ts';

export const REPEAT_CHOICES = ['none', 'weekly', 'monthly', 'monthly-last'] as const;
export type RepeatChoice = (typeof REPEAT_CHOICES)[number];

/** The "Repeats" fields of the event form. */
export const repeatFields = z.object({
  repeat: z.enum(REPEAT_CHOICES, { error: 'Choose whether and how it repeats.' }).default('none'),
  interval: z.coerce
    .number({ error: 'Enter a number of weeks.' })
    .int('Enter a whole number of weeks.')
    .min(1, 'Repeat at least every week.')
    .max(MAX_WEEKLY_INTERVAL, `Repeat at most every ${MAX_WEEKLY_INTERVAL} weeks.`)
    .optional(),
  until: z.string().trim().max(20).optional(),
});
export type RepeatFields = z.infer<typeof repeatFields>;

/** The event form with its "Repeats" fields: a single event or a series. */
export const repeatingEventInput = eventInput.extend(repeatFields.shape);
export type RepeatingEventInput = z.infer<typeof repeatingEventInput>;

/** The fields of a "this and following dates" change: the event form and an optional new last date. */
export const followingInput = eventInput.extend({
  eventId: z.string().max(40),
  until: z.string().trim().max(20).optional(),
});
export type FollowingInput = z.infer<typeof followingInput>;

/** The rule a choice means for a series starting on `firstDate` ("monthly" keeps the date's place in its month). */
export function ruleFor(
  choice: Exclude<RepeatChoice, 'none'>,
  interval: number | undefined,
  firstDate: string,
): RecurrenceRule {
  if (choice === 'weekly') return { frequency: 'weekly', interval: interval ?? 1 };
  if (choice === 'monthly-last') return { frequency: 'monthly', nth: -1 };
  return { frequency: 'monthly', nth: placeInMonth(firstDate).nth };
}
