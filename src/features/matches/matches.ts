/**
 * Pure scoring of suggested matches: how well another member's skills complement mine.
 * Best is a two-way match — they teach what I want to learn and want to learn what I
 * teach — then one-way help, help towards my career goals, and shared learning goals.
 */

export interface SkillFacts {
  /** Skills the member can teach. */
  teaches: Set<number>;
  /** Skills the member wants to learn. */
  learns: Set<number>;
  /** Skills tagged on the member's career goals. */
  goals: Set<number>;
}

export type ReasonKind = 'teaches-what-you-learn' | 'learns-what-you-teach' | 'helps-your-goal' | 'learning-together';

export interface MatchReason {
  kind: ReasonKind;
  skillIds: number[];
}

export interface MatchScore {
  score: number;
  /** Reasons, most valuable first. */
  reasons: MatchReason[];
  mutual: boolean;
}

const WEIGHTS: Record<ReasonKind, number> = {
  'teaches-what-you-learn': 3,
  'learns-what-you-teach': 2,
  'helps-your-goal': 2,
  'learning-together': 1,
};
/** A two-way match is worth more than the sum of its halves. */
const MUTUAL_BONUS = 4;
/** Beyond a few skills, more overlap says little more. */
const MAX_SKILLS_PER_REASON = 3;

const overlap = (a: Set<number>, b: Set<number>) => [...a].filter((x) => b.has(x)).sort((x, y) => x - y);

/** Scores `them` for `me`; null when nothing links the two. */
export function scoreMatch(me: SkillFacts, them: SkillFacts): MatchScore | null {
  const teachesWhatILearn = overlap(them.teaches, me.learns);
  const learnsWhatITeach = overlap(them.learns, me.teaches);
  // Goal help only counts for skills not already counted as "teaches what you learn".
  const helpsGoals = overlap(them.teaches, me.goals).filter((s) => !me.learns.has(s));
  const learningTogether = overlap(them.learns, me.learns);

  const reasons: MatchReason[] = [];
  const add = (kind: ReasonKind, skillIds: number[]) => {
    if (skillIds.length > 0) reasons.push({ kind, skillIds: skillIds.slice(0, MAX_SKILLS_PER_REASON) });
  };
  add('teaches-what-you-learn', teachesWhatILearn);
  add('learns-what-you-teach', learnsWhatITeach);
  add('helps-your-goal', helpsGoals);
  add('learning-together', learningTogether);
  if (reasons.length === 0) return null;

  const mutual = teachesWhatILearn.length > 0 && learnsWhatITeach.length > 0;
  const score = reasons.reduce((sum, r) => sum + WEIGHTS[r.kind] * r.skillIds.length, 0) + (mutual ? MUTUAL_BONUS : 0);
  return { score, reasons, mutual };
}
