import { z } from 'zod';
import { optionalText } from '#server/validation.ts';

/** Words for the ratings, shown beside the stars. */
export const FEEDBACK_RATINGS = ['', 'Not useful', 'A little useful', 'Useful', 'Very useful', 'Excellent'] as const;

export const EVENT_FEEDBACK_LIMITS = { commentMax: 1_000, nextTopicsMax: 3 } as const;

export const eventFeedbackInput = z.object({
  eventId: z.string().max(40),
  rating: z.coerce
    .number({ error: 'Choose a rating from 1 to 5.' })
    .int('Choose a rating from 1 to 5.')
    .min(1, 'Choose a rating from 1 to 5.')
    .max(5, 'Choose a rating from 1 to 5.'),
  worked: optionalText(EVENT_FEEDBACK_LIMITS.commentMax, 'Keep it under 1,000 characters.'),
  improve: optionalText(EVENT_FEEDBACK_LIMITS.commentMax, 'Keep it under 1,000 characters.'),
  nextTopics: z.string().max(300, 'Name at most three topics.').optional(),
  signed: z.boolean().optional(),
});
export type EventFeedbackInput = z.infer<typeof eventFeedbackInput>;

/**
 * Comments in an order that says nothing about who wrote them or when (a hash of the
 * text), so an organiser cannot line them up with the check-in list.
 */
export function shuffleComments<T extends { text: string }>(comments: T[]): T[] {
  const key = (text: string) => {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return h >>> 0;
  };
  return [...comments].sort((a, b) => key(a.text) - key(b.text) || a.text.localeCompare(b.text));
}
