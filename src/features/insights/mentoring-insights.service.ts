import type { RequestState } from '#db/schema/index.ts';
import { getCatalogue } from '#features/skills/skills.service.ts';
import * as repo from './activity.repo.ts';
import { average, type Fact, median, monthCells, type Selection, share, windowFigure } from './figures.ts';
import { monthKey, monthLabel, monthsFor } from './periods.ts';
import { type Guarded, withheld } from './privacy.ts';

/** How a request ended up, as the mentoring chart stacks it (every request is exactly one). */
export const OUTCOMES = ['completed', 'accepted', 'declined', 'expired', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  completed: 'Completed',
  accepted: 'Agreed, not completed',
  declined: 'Declined',
  expired: 'Expired unanswered',
  other: 'Waiting or withdrawn',
};

/** The outcome of a request from its state (cancelled sessions had been agreed). */
export function outcomeOf(state: RequestState, acceptedAt: Date | null): Outcome {
  if (state === 'completed') return 'completed';
  if (state === 'declined') return 'declined';
  if (state === 'expired') return 'expired';
  if (acceptedAt !== null || state === 'accepted' || state === 'cancelled') return 'accepted';
  return 'other';
}

export interface MentoringMonth {
  month: number;
  label: string;
  sent: Guarded<number>;
  outcomes: Record<Outcome, Guarded<number>>;
  /** Agreed at some point (completed or not): shown when both of its parts are. */
  accepted: Guarded<number>;
}

export interface MentoringInsights {
  months: MentoringMonth[];
  /** Hours from a request to the helper's first answer (median). */
  medianHoursToAnswer: Guarded<number>;
  /** Of agreed sessions that ended, the share that took place. */
  completionRate: Guarded<number>;
  reverseShare: Guarded<number>;
  averageRating: Guarded<number>;
  goals: Guarded<{ done: number; total: number }>;
  milestones: Guarded<{ done: number; total: number }>;
  /** Retrospectives: the share that met their goals (fully or partly) and would do it again. */
  goalsMet: Guarded<number>;
  wouldRepeat: Guarded<number>;
}

type RequestFact = Fact & { kind: string; outcome: Outcome; answeredAfterMs: number | null; ended: boolean };

/**
 * Mentoring over time for the chosen period and category: requests per month by how they
 * ended, and the period's rates. Every figure passes the privacy rules on its own people.
 */
export async function mentoringInsights(selection: Selection): Promise<MentoringInsights> {
  const [catalogue, requests, ratings, plan, retros] = await Promise.all([
    getCatalogue(),
    repo.requestFacts(),
    repo.ratingFacts(),
    repo.planFacts(),
    repo.retrospectiveFacts(),
  ]);
  const categoryOf = (skillId: number) => [catalogue.byId.get(skillId)?.category ?? 'other'];
  const facts: RequestFact[] = requests.map((r) => ({
    persons: r.recipientId ? [r.requesterId, r.recipientId] : [r.requesterId],
    at: r.createdAt,
    categories: categoryOf(r.skillId),
    kind: r.kind,
    outcome: outcomeOf(r.state, r.acceptedAt),
    answeredAfterMs: r.firstAnsweredAt ? r.firstAnsweredAt.getTime() - r.createdAt.getTime() : null,
    ended: r.state === 'completed' || r.state === 'cancelled',
  }));
  const first = facts.reduce<Date | null>((min, f) => (!min || f.at < min ? f.at : min), null);
  const cells = monthCells(
    facts,
    selection,
    monthsFor(selection.period, selection.now, first),
    monthKey,
    (f) => f.outcome,
    OUTCOMES,
  );
  const months = cells.map((cell): MentoringMonth => {
    const count = (o: Outcome) => cell.facts.filter((f) => f.outcome === o).length;
    const shownSum = OUTCOMES.filter((o) => cell.parts.has(o)).reduce((sum, o) => sum + count(o), 0);
    // When the parts shown add up to the whole, the others are zero, and anyone could
    // work that out: say so instead of "fewer than 5".
    const restIsZero = cell.whole && shownSum === cell.facts.length;
    const outcomes = Object.fromEntries(
      OUTCOMES.map((o) => [
        o,
        cell.parts.has(o) || restIsZero ? { shown: true as const, value: count(o) } : withheld<number>(),
      ]),
    ) as Record<Outcome, Guarded<number>>;
    const both = outcomes.completed.shown && outcomes.accepted.shown;
    return {
      month: cell.month,
      label: monthLabel(cell.month),
      sent: cell.whole ? { shown: true, value: cell.facts.length } : withheld(),
      outcomes,
      accepted: both ? { shown: true, value: count('completed') + count('accepted') } : withheld(),
    };
  });

  const answered = facts.filter((f) => f.answeredAfterMs !== null);
  const agreedAndEnded = facts.filter((f) => f.ended);
  const ratingFacts = ratings.map((r) => ({
    persons: [r.authorId],
    at: r.createdAt,
    categories: categoryOf(r.skillId),
    rating: r.rating,
  }));
  const planFacts = plan.map((p) => ({
    persons: p.recipientId ? [p.requesterId, p.recipientId] : [p.requesterId],
    at: p.createdAt,
    categories: categoryOf(p.skillId),
    kind: p.kind,
    done: p.done,
  }));
  const retroFacts = retros.map((r) => ({
    persons: [r.authorId],
    at: r.createdAt,
    categories: categoryOf(r.skillId),
    goalsMet: r.goalsMet,
    wouldRepeat: r.wouldRepeat,
  }));
  const tally = (kind: string) =>
    windowFigure(
      planFacts.filter((p) => p.kind === kind),
      selection,
      (items) => (items.length ? { done: items.filter((i) => i.done).length, total: items.length } : null),
    );
  return {
    months,
    medianHoursToAnswer: windowFigure(answered, selection, (fs) => {
      const m = median(fs.map((f) => f.answeredAfterMs!));
      return m === null ? null : m / 3_600_000;
    }),
    completionRate: windowFigure(agreedAndEnded, selection, (fs) =>
      share(fs.filter((f) => f.outcome === 'completed').length, fs.length),
    ),
    reverseShare: windowFigure(facts, selection, (fs) =>
      share(fs.filter((f) => f.kind === 'reverse').length, fs.length),
    ),
    averageRating: windowFigure(ratingFacts, selection, (fs) => average(fs.map((f) => f.rating))),
    goals: tally('goal'),
    milestones: tally('milestone'),
    goalsMet: windowFigure(retroFacts, selection, (fs) =>
      share(fs.filter((f) => f.goalsMet !== 'no').length, fs.length),
    ),
    wouldRepeat: windowFigure(retroFacts, selection, (fs) => share(fs.filter((f) => f.wouldRepeat).length, fs.length)),
  };
}
