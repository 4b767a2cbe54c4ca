import { z } from 'zod';
import { PLAN_ITEM_KINDS, type PlanItemKind, type RequestKind, type RequestState } from '#db/schema/requests.ts';

/** A plan stays short enough to read at a glance. */
export const MAX_PLAN_ITEMS = 60;

/** Mentorships that run over several sessions carry a plan; a one-off question does not. */
export function hasPlan(kind: RequestKind): boolean {
  return kind === 'ongoing' || kind === 'reverse';
}

/** Either side edits the plan while the mentorship runs; afterwards it is a record. */
export function planIsEditable(state: RequestState): boolean {
  return state === 'accepted';
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date like 2026-06-30.')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'Enter a real date.',
  );

export const planItemInput = z
  .object({
    id: z.string().min(1).max(40),
    kind: z.enum(PLAN_ITEM_KINDS),
    text: z
      .string({ error: 'Describe it in a few words.' })
      .trim()
      .min(3, 'Describe it in a few words.')
      .max(300, 'Keep it under 300 characters.'),
    dueOn: isoDate.optional(),
    goalId: z.coerce.number().int().positive().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'goal' && !v.dueOn)
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'Give the goal a target date.' });
    if (v.kind === 'checkin' && !v.dueOn)
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'When is the check-in?' });
    if (v.kind === 'milestone' && !v.goalId)
      ctx.addIssue({ code: 'custom', path: ['goalId'], message: 'Choose the goal this milestone leads to.' });
  });
export type PlanItemInput = z.infer<typeof planItemInput>;

export const planToggleInput = z.object({ id: z.string().min(1).max(40), itemId: z.coerce.number().int().positive() });

export interface PlanItem {
  id: number;
  kind: PlanItemKind;
  goalId: number | null;
  text: string;
  dueOn: string | null;
  doneAt: Date | null;
}

export interface PlanView<T extends PlanItem> {
  goals: (T & { milestones: T[] })[];
  checkins: T[];
  done: number;
  total: number;
}

/** Goals with their milestones (by target date), and check-ins by date, with a done count. */
export function groupPlan<T extends PlanItem>(items: T[]): PlanView<T> {
  const byDate = (a: T, b: T) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.id - b.id;
  const goals = items
    .filter((i) => i.kind === 'goal')
    .sort(byDate)
    .map((g) => ({
      ...g,
      milestones: items.filter((i) => i.kind === 'milestone' && i.goalId === g.id).sort((a, b) => a.id - b.id),
    }));
  return {
    goals,
    checkins: items.filter((i) => i.kind === 'checkin').sort(byDate),
    done: items.filter((i) => i.doneAt !== null).length,
    total: items.length,
  };
}
