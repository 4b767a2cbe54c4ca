/**
 * The privacy rules of /insights, in one place.
 *
 * 1. **Fewer than five.** A figure derived from fewer than `MIN_PEOPLE` people is not
 *    shown: it reads "fewer than 5" (`guard`, `showGuarded`).
 * 2. **No picking people out by combining filters.** The page can be filtered by period
 *    (nested windows: 30 ⊂ 90 ⊂ 365 days ⊂ all time) and by topic category, so the same
 *    figure exists for many overlapping groups of people. Two published figures whose
 *    groups differ by one to four people would, side by side, describe those few people
 *    (the classic differencing attack: average over 365 days minus average over 90 days).
 *    A figure for a narrower choice of filters is therefore published only if, for every
 *    broader choice containing it, the people in the difference are none or at least
 *    five (`canPublish`). The broader figure is kept, so the rule is consistent however
 *    the filters are combined.
 * 3. **No remainders.** The categories of one period add up to the whole; if the people
 *    in the categories that are hidden number one to four, subtracting the shown
 *    categories from the total would reveal them, so the smallest shown category is
 *    hidden too until the remainder is empty or has five people (`publishableTags`).
 *
 * Facts every visitor can already read on event pages (how many events, seats, people
 * going or waiting) describe no one new in aggregate and are not put through rule 1.
 */

/** The smallest group of people a published figure may describe. */
export const MIN_PEOPLE = 5;

/** What a hidden figure reads. */
export const FEWER_THAN_FIVE = 'fewer than 5';

export type Guarded<T> = { shown: true; value: T } | { shown: false };

/** Rule 1: the value, if `people` (the distinct people it is derived from) are at least five. */
export function guard<T>(people: number, value: T): Guarded<T> {
  return people >= MIN_PEOPLE ? { shown: true, value } : { shown: false };
}

/** Hides a figure that another rule (differencing, remainder) withholds. */
export function withheld<T>(): Guarded<T> {
  return { shown: false };
}

/** The text of a guarded figure: the formatted value, or "fewer than 5". */
export function showGuarded<T>(figure: Guarded<T>, format: (value: T) => string = String): string {
  return figure.shown ? format(figure.value) : FEWER_THAN_FIVE;
}

/** One person's part in a figure: in which time slice, with which tags (a topic category, an outcome…). */
export interface Contribution {
  person: string;
  slice: number;
  tags: readonly string[];
}

/** A choice of filters: a set of time slices, and tags a contribution must all carry (none: everything). */
export interface Scope {
  slices: readonly number[];
  tags: readonly string[];
}

interface Bucket {
  slice: number;
  tags: readonly string[];
  people: Set<string>;
}

function inScope(scope: Scope, slice: number, tags: readonly string[]): boolean {
  return scope.slices.includes(slice) && scope.tags.every((tag) => tags.includes(tag));
}

/**
 * Contributions grouped by (slice, tags), so each question ("how many people in this
 * region?") looks at a few dozen buckets and stops counting at five: only "none",
 * "one to four" and "five or more" matter.
 */
export class ContributionIndex {
  private readonly buckets: Bucket[];
  /** Buckets by tag, so a question about one topic looks at that topic's buckets only. */
  private readonly byTag = new Map<string, Bucket[]>();

  constructor(contributions: Iterable<Contribution>) {
    const byKey = new Map<string, Bucket>();
    for (const c of contributions) {
      const key = `${c.slice}|${c.tags.join('\u0000')}`;
      let bucket = byKey.get(key);
      if (!bucket) {
        bucket = { slice: c.slice, tags: c.tags, people: new Set() };
        byKey.set(key, bucket);
      }
      bucket.people.add(c.person);
    }
    this.buckets = [...byKey.values()];
    for (const bucket of this.buckets) {
      for (const tag of bucket.tags) this.byTag.set(tag, [...(this.byTag.get(tag) ?? []), bucket]);
    }
  }

  /**
   * Distinct people in the buckets that `where` accepts, counted up to `cap`. With
   * `within`, only buckets carrying all those tags are looked at (a shortcut: `where`
   * must not accept any other).
   */
  count(
    where: (slice: number, tags: readonly string[]) => boolean,
    cap = Number.POSITIVE_INFINITY,
    within: readonly string[] = [],
  ): number {
    const seen = new Set<string>();
    const candidates = within.length > 0 ? (this.byTag.get(within[0]!) ?? []) : this.buckets;
    for (const bucket of candidates) {
      if (!where(bucket.slice, bucket.tags)) continue;
      for (const person of bucket.people) {
        seen.add(person);
        if (seen.size >= cap) return seen.size;
      }
    }
    return seen.size;
  }

  /** Distinct people in a scope (capped at MIN_PEOPLE unless `exact`). */
  people(scope: Scope, exact = false): number {
    return this.count((s, t) => inScope(scope, s, t), exact ? Number.POSITIVE_INFINITY : MIN_PEOPLE, scope.tags);
  }

  /** Distinct people in `outer` but outside `inner` (capped at MIN_PEOPLE). */
  difference(outer: Scope, inner: Scope): number {
    return this.count((s, t) => inScope(outer, s, t) && !inScope(inner, s, t), MIN_PEOPLE, outer.tags);
  }
}

const thin = (people: number) => people > 0 && people < MIN_PEOPLE;

/**
 * Every broader choice of filters containing `scope`: each of the given broader slice
 * sets (longer periods) and the scope's own, with each subset of its tags, except itself.
 */
export function broaderScopes(scope: Scope, longer: readonly (readonly number[])[] = []): Scope[] {
  const subsets: string[][] = [[]];
  for (const tag of scope.tags) for (const s of [...subsets]) subsets.push([...s, tag]);
  const out: Scope[] = [];
  for (const slices of [scope.slices, ...longer]) {
    for (const tags of subsets) {
      if (slices === scope.slices && tags.length === scope.tags.length) continue;
      out.push({ slices, tags });
    }
  }
  return out;
}

/**
 * Rules 1 and 2 for one scope: at least five people, and against every broader scope
 * that contains it, a difference of none or at least five people.
 */
export function canPublish(index: ContributionIndex, scope: Scope, broader: readonly Scope[]): boolean {
  if (index.people(scope) < MIN_PEOPLE) return false;
  return broader.every((outer) => !thin(index.difference(outer, scope)));
}

/**
 * Rules 1–3 for the parts of a whole (the categories of a period, the outcomes of a
 * month): which parts' figures may be shown. A part's scope is the whole's plus its tag;
 * `broaderOf` names the broader scopes of a part (rule 2), `broaderWholes` those of the
 * whole. Whatever is hidden can be had as the whole minus the parts shown, so that
 * remainder must pass the same tests as a part: none or five people, and none or five
 * more in the same remainder of every broader whole. Until it does, the smallest part
 * still shown is hidden too.
 */
export function publishableParts(
  index: ContributionIndex,
  whole: Scope,
  broaderWholes: readonly Scope[],
  parts: readonly string[],
  broaderOf: (part: Scope) => readonly Scope[],
): Set<string> {
  const scopeOf = (part: string): Scope => ({ slices: whole.slices, tags: [...whole.tags, part] });
  const shown = new Set(parts.filter((part) => canPublish(index, scopeOf(part), broaderOf(scopeOf(part)))));
  const rest = (scope: Scope) => (s: number, t: readonly string[]) =>
    inScope(scope, s, t) && !t.some((tag) => shown.has(tag));
  const remainderIsSafe = () => {
    const inWhole = rest(whole);
    const people = index.count(inWhole, MIN_PEOPLE);
    if (people === 0) return true;
    if (thin(people)) return false;
    return broaderWholes.every((outer) => {
      const inOuter = rest(outer);
      return !thin(index.count((s, t) => inOuter(s, t) && !inWhole(s, t), MIN_PEOPLE));
    });
  };
  while (shown.size > 0 && !remainderIsSafe()) {
    let smallest: string | null = null;
    let fewest = Number.POSITIVE_INFINITY;
    for (const part of shown) {
      const people = index.people(scopeOf(part), true);
      if (people < fewest || (people === fewest && smallest !== null && part < smallest)) {
        fewest = people;
        smallest = part;
      }
    }
    shown.delete(smallest!);
  }
  return shown;
}
