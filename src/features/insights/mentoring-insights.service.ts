import { type Guarded, withheld } from '#features/aggregates/privacy.ts';
import * as repo from './activity.repo.ts';
import {
  type Bucket,
  idsOf,
  inWindow,
  monthCells,
  type Selection,
  share,
  total,
  windowFigure,
  windowMayShow,
} from './figures.ts';
import { cachedFigures } from './insights-cache.ts';
import { monthLabel, monthsFor, periodStart, sliceStarts } from './periods.ts';

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

type Row = { month: number; slice: number; category: string };
type Counted = { people: number; ids: string | null };
type TwoSided = { requesters: number; requesterIds: string | null; helpers: number; helperIds: string | null };

/** The people of a two-sided bucket (requesters and helpers counted apart). */
const bothSides = (row: TwoSided): Counted =>
  repo.joinPeople(
    { count: Number(row.requesters), ids: row.requesterIds },
    { count: Number(row.helpers), ids: row.helperIds },
  );

function buckets<R extends Row, E>(
  family: string,
  rows: R[],
  peopleOf: (row: R) => Counted,
  extra: (row: R) => E,
  part?: (row: R) => string,
): (Bucket & E)[] {
  return rows.map((row, i) => {
    const { people, ids } = peopleOf(row);
    return {
      key: `${family}:${i}`,
      month: Number(row.month),
      slice: Number(row.slice),
      categories: [row.category],
      part: part?.(row),
      people: Number(people),
      ids: idsOf(ids),
      ...extra(row),
    };
  });
}

const oneSide = (row: Counted): Counted => row;

/** The median time to a first answer in the chosen scope, from the database (two rows read). */
async function medianHours(answered: (Bucket & { n: number })[], selection: Selection): Promise<Guarded<number>> {
  if (!windowMayShow(answered, selection)) return withheld();
  const n = total(inWindow(answered, selection), (b) => b.n);
  if (n === 0) return withheld();
  const from = periodStart(selection.period, selection.now)?.getTime() ?? 0;
  const k = Math.floor((n - 1) / 2);
  const middle = await cachedFigures(`answer-times:${from}:${selection.category}:${k}`, () =>
    repo.answerTimesAt(from, selection.category, k),
  );
  if (middle.length === 0) return withheld();
  const ms = n % 2 === 1 || middle.length === 1 ? middle[0]! : (middle[0]! + middle[1]!) / 2;
  return { shown: true, value: ms / 3_600_000 };
}

/**
 * Mentoring over time for the chosen period and category: requests per month by how they
 * ended, and the period's rates. Every figure passes the privacy rules on its own people.
 */
export async function mentoringInsights(selection: Selection): Promise<MentoringInsights> {
  const starts = sliceStarts(selection.now);
  const day = `${starts[0]}`;
  const [requestRows, ratingRows, planRows, retroRows] = await Promise.all([
    cachedFigures(`request-buckets:${day}`, () => repo.requestBuckets(starts)),
    cachedFigures(`rating-buckets:${day}`, () => repo.ratingBuckets(starts)),
    cachedFigures(`plan-buckets:${day}`, () => repo.planBuckets(starts)),
    cachedFigures(`retro-buckets:${day}`, () => repo.retrospectiveBuckets(starts)),
  ]);
  const requests = buckets(
    'requests',
    requestRows,
    bothSides,
    (r) => ({ n: Number(r.n), reverse: Number(r.reverse), ended: Boolean(r.ended), answered: Boolean(r.answered) }),
    (r) => r.outcome,
  );
  // The part-level buckets also serve the families that are subsets of all requests.
  const ended = requests.filter((b) => b.ended);
  const answered = requests.filter((b) => b.answered);
  const ratings = buckets('ratings', ratingRows, oneSide, (r) => ({ n: Number(r.n), total: Number(r.total) }));
  const plan = buckets('plan', planRows, bothSides, (r) => ({ kind: r.kind, n: Number(r.n), done: Number(r.done) }));
  const retros = buckets('retros', retroRows, oneSide, (r) => ({
    n: Number(r.n),
    met: Number(r.met),
    again: Number(r.again),
  }));

  const earliest = requests.reduce<number | null>((min, b) => (min === null || b.month < min ? b.month : min), null);
  const first = earliest === null ? null : new Date(Date.UTC(Math.floor(earliest / 12), earliest % 12, 1));
  const cells = monthCells(requests, selection, monthsFor(selection.period, selection.now, first), OUTCOMES);
  const months = cells.map((cell): MentoringMonth => {
    const count = (o: Outcome) =>
      total(
        cell.buckets.filter((b) => b.part === o),
        (b) => b.n,
      );
    const sent = total(cell.buckets, (b) => b.n);
    const shownSum = OUTCOMES.filter((o) => cell.parts.has(o)).reduce((sum, o) => sum + count(o), 0);
    // When the parts shown add up to the whole, the others are zero, and anyone could
    // work that out: say so instead of "fewer than 5".
    const restIsZero = cell.whole && shownSum === sent;
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
      sent: cell.whole ? { shown: true, value: sent } : withheld(),
      outcomes,
      accepted: both ? { shown: true, value: count('completed') + count('accepted') } : withheld(),
    };
  });

  const tally = (kind: string) =>
    windowFigure(
      plan.filter((p) => p.kind === kind),
      selection,
      (items) => {
        const n = total(items, (i) => i.n);
        return n > 0 ? { done: total(items, (i) => i.done), total: n } : null;
      },
    );
  return {
    months,
    medianHoursToAnswer: await medianHours(answered, selection),
    completionRate: windowFigure(ended, selection, (bs) =>
      share(
        total(
          bs.filter((b) => b.part === 'completed'),
          (b) => b.n,
        ),
        total(bs, (b) => b.n),
      ),
    ),
    reverseShare: windowFigure(requests, selection, (bs) =>
      share(
        total(bs, (b) => b.reverse),
        total(bs, (b) => b.n),
      ),
    ),
    averageRating: windowFigure(ratings, selection, (bs) =>
      share(
        total(bs, (b) => b.total),
        total(bs, (b) => b.n),
      ),
    ),
    goals: tally('goal'),
    milestones: tally('milestone'),
    goalsMet: windowFigure(retros, selection, (bs) =>
      share(
        total(bs, (b) => b.met),
        total(bs, (b) => b.n),
      ),
    ),
    wouldRepeat: windowFigure(retros, selection, (bs) =>
      share(
        total(bs, (b) => b.again),
        total(bs, (b) => b.n),
      ),
    ),
  };
}
