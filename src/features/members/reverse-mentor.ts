/**
 * Seniorities that have someone more senior to teach: reverse mentoring flows from
 * these members up. A staff engineer or manager who ticks "reverse mentoring" is
 * asking to be reverse-mentored instead.
 */
export const TEACHES_UPWARDS_SENIORITIES = ['student', 'junior', 'mid'] as const;
const TEACHES_UPWARDS = new Set<string>(TEACHES_UPWARDS_SENIORITIES);

/** Whether a member of this seniority offers (rather than seeks) reverse mentoring. */
export function teachesUpwards(seniority: string): boolean {
  return TEACHES_UPWARDS.has(seniority);
}

/**
 * A reverse mentor offers reverse mentoring, has someone more senior to teach, and
 * teaches something: typically a junior teaching a senior a new tool. The one rule
 * behind the profile badge, the search flag and rank, topic pages and the home page
 * count (which applies it in SQL through `reverseMentorCondition`).
 */
export function isReverseMentor(
  member: { openToReverse: boolean; seniority: string },
  teachesSomething: boolean,
): boolean {
  return member.openToReverse && teachesUpwards(member.seniority) && teachesSomething;
}

/**
 * The skills a reverse mentor's badge is about: what they teach, emerging tools first.
 * Empty when the badge does not apply.
 */
export function reverseMentoringSkills<S extends { name: string; canTeach: boolean; emerging: boolean; level: number }>(
  openToReverse: boolean,
  seniority: string,
  skills: S[],
): S[] {
  const taught = skills.filter((s) => s.canTeach);
  if (!isReverseMentor({ openToReverse, seniority }, taught.length > 0)) return [];
  return taught.sort(
    (a, b) => Number(b.emerging) - Number(a.emerging) || b.level - a.level || a.name.localeCompare(b.name),
  );
}

/**
 * Whether to flag a search result as a reverse mentor: a reverse mentor who teaches
 * the skill that matched, or, when no skill is in play, teaches anything.
 */
export function isReverseMatch(
  openToReverse: boolean,
  seniority: string,
  matched: { canTeach: boolean }[],
  teachesAny: boolean,
): boolean {
  const teachesIt = matched.length > 0 ? matched.some((s) => s.canTeach) : teachesAny;
  return isReverseMentor({ openToReverse, seniority }, teachesIt);
}
