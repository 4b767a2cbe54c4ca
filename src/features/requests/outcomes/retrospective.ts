import { z } from 'zod';
import { GOALS_MET, type GoalsMet, type RequestKind, type RequestState } from '#db/schema/index.ts';
import { hasPlan } from '#features/requests/plan/plan.ts';

/** The words for "did it meet its goals?". */
export const GOALS_MET_LABELS: Record<GoalsMet, string> = {
  yes: 'Yes, we met them',
  partly: 'Partly',
  no: 'Not really',
};

/** A retrospective is for finished ongoing and reverse mentorships. */
export function canLookBack(kind: RequestKind, state: RequestState): boolean {
  return hasPlan(kind) && state === 'completed';
}

export const RETROSPECTIVE_LEARNED_MAX = 1_000;

export const retrospectiveInput = z.object({
  id: z.string().min(1).max(40),
  goalsMet: z.enum(GOALS_MET, { error: 'Say whether the mentorship met its goals.' }),
  learned: z
    .string()
    .trim()
    .max(RETROSPECTIVE_LEARNED_MAX, `Keep it under ${RETROSPECTIVE_LEARNED_MAX.toLocaleString('en')} characters.`)
    .optional(),
  wouldRepeat: z.enum(['yes', 'no'], { error: 'Say whether you would do it again.' }).transform((v) => v === 'yes'),
});
export type RetrospectiveInput = z.infer<typeof retrospectiveInput>;
