import { SKILL_CATEGORIES, type SkillCategory } from '#db/schema/index.ts';
import { longerWindows, type Period, sliceOf, windowSlices } from './periods.ts';
import {
  broaderScopes,
  type Contribution,
  ContributionIndex,
  canPublish,
  type Guarded,
  guard,
  publishableParts,
  type Scope,
  withheld,
} from './privacy.ts';

/**
 * Figures under the privacy rules: each is computed from "facts" (a request, a rating,
 * an RSVP…) that name the people they rest on, when they happened and their topic
 * categories. Whether a figure may be shown for the chosen period and category is
 * decided from those people alone (privacy.ts); only then is its value computed.
 */

export interface Selection {
  period: Period;
  category: SkillCategory | null;
  now: Date;
}

export interface Fact {
  /** The people the fact is about (a request: both sides; a rating: its author). */
  persons: readonly string[];
  at: Date;
  categories: readonly string[];
}

const CATEGORY_TAGS = SKILL_CATEGORIES.map((c) => `cat:${c}`);
const catTag = (category: string) => `cat:${category}`;
const partTag = (part: string) => `part:${part}`;

function contributions(facts: readonly Fact[], sliceFor: (at: Date) => number, partOf?: (f: Fact) => string) {
  const out: Contribution[] = [];
  for (const f of facts) {
    const tags = f.categories.map(catTag);
    if (partOf) tags.push(partTag(partOf(f)));
    for (const person of f.persons) out.push({ person, slice: sliceFor(f.at), tags });
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

/**
 * One figure over the chosen period and category: `compute` gets the facts in scope
 * and returns the value (null when there is nothing to compute from).
 */
export function windowFigure<F extends Fact, T = number>(
  facts: readonly F[],
  selection: Selection,
  compute: (inScope: F[]) => T | null,
): Guarded<T> {
  const { period, category, now } = selection;
  const index = new ContributionIndex(contributions(facts, (at) => sliceOf(at, now)));
  const slices = windowSlices(period);
  if (!wholeMayShow(index, slices, category, longerWindows(period))) return withheld();
  const inScope = facts.filter(
    (f) => slices.includes(sliceOf(f.at, now)) && (category === null || f.categories.includes(category)),
  );
  const value = compute(inScope);
  return value === null ? withheld() : { shown: true, value };
}

export interface MonthCell<F extends Fact> {
  month: number;
  /** The month's facts in the chosen category. */
  facts: F[];
  /** The whole month (in the chosen category) may be shown. */
  whole: boolean;
  /** Which parts (outcomes, kinds…) may be shown. */
  parts: Set<string>;
}

/**
 * The months of a chart, each with whether its total and which of its parts may be
 * shown. Months are whole calendar months, so a month's cell is the same whatever the
 * period; parts are checked against the same part in every category and against the
 * rest of the month.
 */
export function monthCells<F extends Fact>(
  facts: readonly F[],
  selection: Selection,
  months: readonly number[],
  monthOf: (at: Date) => number,
  partOf?: (fact: F) => string,
  parts: readonly string[] = [],
): MonthCell<F>[] {
  const index = new ContributionIndex(contributions(facts, monthOf, partOf as ((f: Fact) => string) | undefined));
  const byMonth = new Map<number, F[]>();
  for (const f of facts) {
    if (selection.category !== null && !f.categories.includes(selection.category)) continue;
    const m = monthOf(f.at);
    byMonth.set(m, [...(byMonth.get(m) ?? []), f]);
  }
  return months.map((month) => {
    const whole = wholeMayShow(index, [month], selection.category, []);
    const scope: Scope = { slices: [month], tags: selection.category ? [catTag(selection.category)] : [] };
    const shownParts =
      whole && partOf
        ? publishableParts(index, scope, broaderScopes(scope), parts.map(partTag), (p) => broaderScopes(p))
        : new Set<string>();
    return {
      month,
      facts: byMonth.get(month) ?? [],
      whole,
      parts: new Set([...shownParts].map((t) => t.slice('part:'.length))),
    };
  });
}

/** A count of people (already distinct) under rule 1, for columns that are one number per row. */
export function peopleCount(people: number): Guarded<number> {
  return guard(people, people);
}

/** The median of some numbers (null for none). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A share (0–1), null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** An average, null for none. */
export function average(values: number[]): number | null {
  return values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : null;
}
