// Types only from the schema: the people-search island bundles this file.
import type { Seniority } from '#db/schema/profiles.ts';

/** Seniorities as people read them, in order from student to manager. */
export const SENIORITY_LABELS = {
  student: 'Student',
  junior: 'Junior',
  mid: 'Mid-level',
  senior: 'Senior',
  staff: 'Staff+',
  manager: 'Manager',
} as const satisfies Record<Seniority, string>;

/** Every seniority with its label, in order (selects, the people-search facet). */
export const SENIORITY_OPTIONS = (Object.keys(SENIORITY_LABELS) as Seniority[]).map((key) => ({
  key,
  label: SENIORITY_LABELS[key],
}));

/** Seniority as a number: student < junior < mid < senior < staff ≈ manager. */
const SENIORITY_RANK: Record<Seniority, number> = { student: 0, junior: 1, mid: 2, senior: 3, staff: 4, manager: 4 };

/** Whether `a` is more senior than `b` (staff and manager count as the same level). */
export function isMoreSenior(a: Seniority, b: Seniority): boolean {
  return SENIORITY_RANK[a] > SENIORITY_RANK[b];
}
