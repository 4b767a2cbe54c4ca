import { isNot, isRange } from '#server/search/filters.ts';
import type { SearchFilters } from '#server/search/types.ts';
import { DenseSets, readCost, setListBits } from './dense-sets.ts';
import type { IndexStore } from './store.ts';

/** One filter condition as value ids: a document passes when it has any of them (or, negated, none). */
interface Condition {
  values: number[];
  negate: boolean;
}

/** How a query's filters are applied. */
export type FilterPlan =
  | { kind: 'all' }
  | { kind: 'none' }
  /** A bit per slot, built from the value's document lists before any text is matched. */
  | { kind: 'bits'; bits: Uint32Array }
  /** Checked per candidate against its stored value ids, when the candidates are few. */
  | { kind: 'check'; conditions: Condition[] };

/** Which strategy to use; `auto` picks the cheaper one. Tests force each to check they agree. */
export type FilterStrategy = 'auto' | 'bits' | 'check';

const MAX_CHECKED_CONDITIONS = 16;
/** Reading a document's values costs about this many bit operations. */
const VALUES_PER_DOCUMENT = 24;

/** The filters as value-id conditions (AND across fields, OR within a list), or 'none' when nothing can pass. */
function conditionsOf(store: IndexStore, filters: SearchFilters): Condition[] | 'none' {
  const conditions: Condition[] = [];
  const facets = store.facets;
  for (const [name, condition] of Object.entries(filters)) {
    const field = facets.fieldIds.get(name);
    if (field === undefined) throw new Error(`"${name}" is not filterable`);
    if (isRange(condition)) {
      const values = facets.ofField[field]!.filter((id) => {
        const n = facets.numbers[id]!;
        return (
          !Number.isNaN(n) &&
          (condition.gte === undefined || n >= condition.gte) &&
          (condition.lte === undefined || n <= condition.lte)
        );
      });
      if (values.length === 0) return 'none';
      conditions.push({ values, negate: false });
    } else if (isNot(condition)) {
      const values = condition.not.map((v) => facets.find(field, v)).filter((v) => v !== undefined);
      if (values.length > 0) conditions.push({ values, negate: true });
    } else {
      const wanted = Array.isArray(condition) ? condition : [condition];
      const values = [...new Set(wanted.map((v) => facets.find(field, v)).filter((v) => v !== undefined))];
      if (values.length === 0) return 'none';
      conditions.push({ values, negate: false });
    }
  }
  return conditions;
}

/**
 * Plans the filters of a query. `candidates` estimates how many documents the text
 * matches (all of them for an empty query): checking each candidate's values costs
 * about that many times a document's value count, building a bitset costs the sizes of
 * the value lists involved; the cheaper wins.
 */
export function planFilters(
  store: IndexStore,
  filters: SearchFilters | undefined,
  candidates: number,
  strategy: FilterStrategy = 'auto',
): FilterPlan {
  if (!filters || Object.keys(filters).length === 0) return { kind: 'all' };
  const conditions = conditionsOf(store, filters);
  if (conditions === 'none') return { kind: 'none' };
  if (conditions.length === 0) return { kind: 'all' };
  let setCost = 0;
  for (const c of conditions) for (const v of c.values) setCost += readCost(store.facets.docs.size(v), store.capacity);
  setCost += conditions.length * (store.capacity >>> 5);
  const useBits =
    strategy === 'bits' ||
    conditions.length > MAX_CHECKED_CONDITIONS ||
    (strategy === 'auto' && setCost <= candidates * VALUES_PER_DOCUMENT);
  return useBits ? { kind: 'bits', bits: buildBits(store, conditions) } : { kind: 'check', conditions };
}

function buildBits(store: IndexStore, conditions: Condition[]): Uint32Array {
  const words = (store.capacity + 31) >>> 5;
  const docs = store.facets.docs;
  const union = (values: number[]): Uint32Array => {
    const bits = new Uint32Array(words);
    for (const v of values) {
      if (DenseSets.suits(docs.size(v), store.capacity)) {
        const dense = store.denseValues.of(docs, v, store.capacity);
        for (let w = Math.min(words, dense.length) - 1; w >= 0; w--) bits[w]! |= dense[w]!;
      } else setListBits(docs, v, bits);
    }
    return bits;
  };
  const positive = conditions.filter((c) => !c.negate);
  const result = positive.length > 0 ? union(positive[0]!.values) : store.live.slice(0, words);
  for (const c of conditions) {
    if (c === positive[0]) continue;
    const other = union(c.values);
    if (c.negate) for (let w = 0; w < words; w++) result[w]! &= ~other[w]!;
    else for (let w = 0; w < words; w++) result[w]! &= other[w]!;
  }
  return result;
}

let marks: Uint16Array = new Uint16Array(1024);

/**
 * A per-document test for a 'check' plan: marks each condition's values with its bit,
 * then a document passes when the bits its values carry cover every positive condition
 * and no negated one. Call `release` when done (the marks are shared scratch).
 */
export function documentCheck(
  store: IndexStore,
  conditions: Condition[],
): {
  passes: (slot: number) => boolean;
  release: () => void;
} {
  if (marks.length < store.facets.size) marks = new Uint16Array(store.facets.size * 2);
  let positive = 0;
  let negative = 0;
  conditions.forEach((c, i) => {
    const bit = 1 << i;
    if (c.negate) negative |= bit;
    else positive |= bit;
    for (const v of c.values) marks[v]! |= bit;
  });
  const data = store.docData;
  const starts = store.docStart;
  const wordCounts = store.docWords;
  const valueCounts = store.docValues;
  const scratch = marks;
  return {
    passes: (slot) => {
      const start = starts[slot]! + wordCounts[slot]!;
      const end = start + valueCounts[slot]!;
      let seen = 0;
      for (let i = start; i < end; i++) seen |= scratch[data[i]!]!;
      return (seen & positive) === positive && (seen & negative) === 0;
    },
    release: () => {
      for (const c of conditions) for (const v of c.values) scratch[v] = 0;
    },
  };
}
