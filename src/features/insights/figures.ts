import { SKILL_CATEGORIES, type SkillCategory } from '#db/schema/index.ts';
import {
  broaderScopes,
  type Contribution,
  ContributionIndex,
  canPublish,
  type Guarded,
  guard,
  MIN_PEOPLE,
  publishableParts,
  type Scope,
  withheld,
} from '#features/aggregates/privacy.ts';
import { longerWindows, type Period, windowSlices } from './periods.ts';

/**
 * Figures under the privacy rules. The database groups the raw facts (requests,
 * ratings, RSVPs…) into buckets: one per month, period slice, topic categories and,
 * where a chart splits a whole, part (an outcome). Each bucket carries its sums and the
 * number of distinct people behind it, with their ids when there are fewer than five —
 * which is all the rules need: a region with a bucket of five or more people has five or
 * more, and otherwise every one of its people is known. Whether a figure may be shown
 * is decided from those people alone (privacy.ts); only then is its value computed.
 */

export interface Selection {
  period: Period;
  category: SkillCategory | null;
  now: Date;
}

export interface Bucket {
  /** Identifies the bucket (stand-in ids of a large bucket are made from it). */
  key: string;
  /** UTC month key (periods.monthKey) and period slice (periods.sliceOf) of its facts. */
  month: number;
  slice: number;
  categories: readonly string[];
  part?: string | undefined;
  /** Distinct people behind the bucket's facts. */
  people: number;
  /** Who they are, when fewer than five; null otherwise. */
  ids: readonly string[] | null;
}

const CATEGORY_TAGS = SKILL_CATEGORIES.map((c) => `cat:${c}`);
const catTag = (category: string) => `cat:${category}`;
const partTag = (part: string) => `part:${part}`;

/** Splits the comma-joined ids SQL returns for a small bucket. */
export function idsOf(joined: string | null | undefined): string[] | null {
  return joined ? joined.split(',') : null;
}

function contributions(buckets: readonly Bucket[], sliceOf: (b: Bucket) => number, withParts: boolean) {
  const out: Contribution[] = [];
  for (const b of buckets) {
    const tags = b.categories.map(catTag);
    if (withParts && b.part !== undefined) tags.push(partTag(b.part));
    // Five stand-ins for a large bucket: any region holding it has five or more people.
    const persons = b.ids ?? Array.from({ length: MIN_PEOPLE }, (_, i) => `${b.key}#${i}`);
    for (const person of persons) out.push({ person, slice: sliceOf(b), tags });
  }
  return out;
}

/** May the whole of (slices, chosen category) be shown? With a category, it is one part of all categories. */
function wholeMayShow(
  index: ContributionIndex,
  slices: number[],
  category: string | null,
  longer: number[][],
): boolean {
  const all: Scope = { slices, tags: [] };
  const broader = (scope: Scope) => broaderScopes(scope, longer);
  if (category === null) return canPublish(index, all, broader(all));
  return publishableParts(index, all, broader(all), CATEGORY_TAGS, broader).has(catTag(category));
}

const inCategory = (b: Bucket, category: string | null) => category === null || b.categories.includes(category);

/** Whether figures over these buckets may be shown for the chosen period and category. */
export function windowMayShow(buckets: readonly Bucket[], selection: Selection): boolean {
  const index = new ContributionIndex(contributions(buckets, (b) => b.slice, false));
  return wholeMayShow(index, windowSlices(selection.period), selection.category, longerWindows(selection.period));
}

/** The buckets in the chosen period and category. */
export function inWindow<B extends Bucket>(buckets: readonly B[], selection: Selection): B[] {
  const slices = windowSlices(selection.period);
  return buckets.filter((b) => slices.includes(b.slice) && inCategory(b, selection.category));
}

/**
 * One figure over the chosen period and category: `compute` gets the buckets in scope
 * and returns the value (null when there is nothing to compute from).
 */
export function windowFigure<B extends Bucket, T = number>(
  buckets: readonly B[],
  selection: Selection,
  compute: (inScope: B[]) => T | null,
): Guarded<T> {
  if (!windowMayShow(buckets, selection)) return withheld();
  const value = compute(inWindow(buckets, selection));
  return value === null ? withheld() : { shown: true, value };
}

export interface MonthCell<B extends Bucket> {
  month: number;
  /** The month's buckets in the chosen category. */
  buckets: B[];
  /** The whole month (in the chosen category) may be shown. */
  whole: boolean;
  /** Which parts (outcomes…) may be shown. */
  parts: Set<string>;
}

/**
 * The months of a chart, each with whether its total and which of its parts may be
 * shown. Months are whole calendar months, so a month's cell is the same whatever the
 * period; parts are checked against the same part in every category and against the
 * rest of the month.
 */
export function monthCells<B extends Bucket>(
  buckets: readonly B[],
  selection: Selection,
  months: readonly number[],
  parts: readonly string[] = [],
): MonthCell<B>[] {
  const index = new ContributionIndex(contributions(buckets, (b) => b.month, parts.length > 0));
  return months.map((month) => {
    const whole = wholeMayShow(index, [month], selection.category, []);
    const scope: Scope = { slices: [month], tags: selection.category ? [catTag(selection.category)] : [] };
    const shownParts =
      whole && parts.length > 0
        ? publishableParts(index, scope, broaderScopes(scope), parts.map(partTag), (p) => broaderScopes(p))
        : new Set<string>();
    return {
      month,
      buckets: buckets.filter((b) => b.month === month && inCategory(b, selection.category)),
      whole,
      parts: new Set([...shownParts].map((t) => t.slice('part:'.length))),
    };
  });
}

/** A count of people (already distinct) under rule 1, for columns that are one number per row. */
export function peopleCount(people: number): Guarded<number> {
  return guard(people, people);
}

/** The sum of one field over buckets. */
export function total<B>(buckets: readonly B[], field: (b: B) => number): number {
  let sum = 0;
  for (const b of buckets) sum += field(b);
  return sum;
}

/** A share (0–1), null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
