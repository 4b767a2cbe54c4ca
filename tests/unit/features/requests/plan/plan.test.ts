import { describe, expect, it } from 'vitest';
import { groupPlan, hasPlan, planIsEditable, planItemInput } from '#features/requests/plan/plan.ts';

const item = (
  id: number,
  kind: 'goal' | 'milestone' | 'checkin',
  extra: Partial<{ goalId: number; dueOn: string; doneAt: Date }> = {},
) => ({
  id,
  kind,
  goalId: extra.goalId ?? null,
  text: `item ${id}`,
  dueOn: extra.dueOn ?? null,
  doneAt: extra.doneAt ?? null,
});

describe('mentorship plan', () => {
  it('groups milestones under their goals and sorts by date', () => {
    const plan = groupPlan([
      item(1, 'goal', { dueOn: '2026-09-01' }),
      item(2, 'goal', { dueOn: '2026-06-01' }),
      item(3, 'milestone', { goalId: 1, doneAt: new Date() }),
      item(4, 'checkin', { dueOn: '2026-05-20' }),
      item(5, 'checkin', { dueOn: '2026-05-06', doneAt: new Date() }),
    ]);
    expect(plan.goals.map((g) => g.id)).toEqual([2, 1]);
    expect(plan.goals[1]!.milestones.map((m) => m.id)).toEqual([3]);
    expect(plan.checkins.map((c) => c.id)).toEqual([5, 4]);
    expect(plan).toMatchObject({ done: 2, total: 5 });
  });

  it('belongs to ongoing and reverse mentorships and is edited while they run', () => {
    expect(['adhoc', 'ongoing', 'reverse'].map((k) => hasPlan(k as never))).toEqual([false, true, true]);
    expect(planIsEditable('accepted')).toBe(true);
    expect(planIsEditable('completed')).toBe(false);
  });

  it('asks goals for a target date and milestones for their goal', () => {
    const base = { id: 'r1', text: 'Ship a Bun service' };
    expect(planItemInput.safeParse({ ...base, kind: 'goal', dueOn: '2026-06-30' }).success).toBe(true);
    expect(planItemInput.safeParse({ ...base, kind: 'goal' }).error?.issues[0]?.path).toEqual(['dueOn']);
    expect(planItemInput.safeParse({ ...base, kind: 'milestone' }).error?.issues[0]?.path).toEqual(['goalId']);
    expect(planItemInput.safeParse({ ...base, kind: 'checkin', dueOn: '2026-02-30' }).success).toBe(false);
  });
});
