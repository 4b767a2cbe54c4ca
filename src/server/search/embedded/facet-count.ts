import { facetOrder, setCount } from '#server/search/faceting.ts';
import type { FacetingSettings, FacetLimit } from '#server/search/types.ts';
import { countBoth, DenseSets, readCost } from './dense-sets.ts';
import { BLOCK } from './int-lists.ts';
import type { IndexStore } from './store.ts';

/** How to count; `auto` picks the cheaper way. Tests force each to check they agree. */
export type CountStrategy = 'auto' | 'documents' | 'values';

/** What reading one document costs beyond its values, in value reads. */
const DOCUMENT_JUMP = 16;

let counts: Int32Array = new Int32Array(1024);

/** The value ids a limit names (values no document ever had are left out). */
function includedIds(values: IndexStore['facets'], field: number, limit: FacetLimit | undefined): number[] {
  const ids: number[] = [];
  for (const text of limit?.include ?? []) {
    const id = values.find(field, text);
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * Only the included values need counting when a limit asks for nothing else and the cap
 * cannot cut any of them (the field has no more values than the cap).
 */
const onlyIncluded = (limit: FacetLimit | undefined, fieldSize: number, cap: number): boolean =>
  limit !== undefined && !limit.top && fieldSize <= cap;

/**
 * Counts facet values over the matching documents into one Int32Array indexed by value
 * id, then returns each requested facet's values with their counts, chosen and ordered
 * as the faceting settings say and cut as the query's limits ask. Three ways to count,
 * all giving the same numbers: every document matches (the list sizes are the counts),
 * few documents match (read each one's value ids), or many do (walk each value's
 * document list against a bitset of the matches). A facet limited to a few named values
 * ("kubernetes:1" … "kubernetes:5" of every skill's levels) counts only those.
 */
export function countFacets(
  store: IndexStore,
  facets: string[],
  slots: Int32Array,
  n: number,
  everyDocument: boolean,
  faceting: Required<FacetingSettings>,
  strategy: CountStrategy = 'auto',
  limits: Record<string, FacetLimit> = {},
): Record<string, Record<string, number>> {
  const values = store.facets;
  const names = [...new Set(facets)];
  const fields = names.map((name) => {
    const field = values.fieldIds.get(name);
    if (field === undefined) throw new Error(`"${name}" is not filterable`);
    return field;
  });
  if (counts.length < values.size) counts = new Int32Array(values.size * 2);
  const cap = faceting.maxValuesPerFacet;
  const included = fields.map((f, i) => includedIds(values, f, limits[names[i]!]));
  const narrow = fields.map((f, i) => onlyIncluded(limits[names[i]!], values.ofField[f]!.length, cap));
  // Every value of each field is reset afterwards: counting by documents counts them all.
  const touched: number[][] = fields.map((f) => values.ofField[f]!);
  const counted: number[][] = touched.map((all, i) => (narrow[i] ? included[i]! : all));
  try {
    if (everyDocument && strategy === 'auto') {
      for (const ids of counted) for (let j = 0; j < ids.length; j++) counts[ids[j]!] = values.docs.size(ids[j]!);
    } else {
      // Walking value lists reads memory in order; reading documents jumps from one to the next.
      let valueCost = n;
      for (const ids of counted) {
        for (let j = 0; j < ids.length; j++) valueCost += readCost(values.docs.size(ids[j]!), store.capacity);
      }
      const perDocument = (store.size > 0 ? store.valueItems / store.size : 0) + DOCUMENT_JUMP;
      const documentCost = Math.min(n, store.size - n) * perDocument;
      const byValues = strategy === 'values' || (strategy === 'auto' && valueCost < documentCost);
      if (byValues) countByValues(store, counted, slots, n);
      else countByDocuments(store, fields, slots, n);
    }
    const out: Record<string, Record<string, number>> = {};
    for (const [i, name] of names.entries()) {
      const order = facetOrder(faceting, name);
      out[name] = narrow[i]
        ? includedValues(values, fields[i]!, order, included[i]!)
        : shownValues(values, fields[i]!, order, cap, limitTop(limits[name]), included[i]!);
    }
    return out;
  } finally {
    // Indexed loops: over thousands of values, an array iterator that is not optimised away allocates per value.
    for (const ids of touched) for (let j = 0; j < ids.length; j++) counts[ids[j]!] = 0;
  }
}

/** How many of the first values a facet keeps: all without a limit, `top` (or none) with one. */
const limitTop = (limit: FacetLimit | undefined): number => (limit ? (limit.top ?? 0) : Number.POSITIVE_INFINITY);

let present: Int32Array = new Int32Array(1024);
let ranked: Int32Array = new Int32Array(1024);
let keys: Float64Array = new Float64Array(1024);
/** Sort keys of the count order: fewer documents → larger key; ties keep alphanumeric order. */
const RANKS = 2 ** 21;

/**
 * One facet's counted values, chosen and ordered as the faceting settings say; with a
 * `top`, only the first `top` of them and those in `include`.
 */
function shownValues(
  values: IndexStore['facets'],
  field: number,
  order: 'alpha' | 'count',
  cap: number,
  top: number,
  include: number[],
): Record<string, number> {
  const alpha = values.alphaOrder(field);
  if (present.length < alpha.length) present = new Int32Array(alpha.length * 2);
  let n = 0;
  for (let i = 0; i < alpha.length; i++) if (counts[alpha[i]!]! > 0) present[n++] = alpha[i]!;
  let chosen = present;
  if (order === 'count' && n > 1) {
    if (n < RANKS) {
      // One native numeric sort instead of a comparator call per comparison.
      if (keys.length < n) keys = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) keys[i] = (2 ** 31 - counts[present[i]!]!) * RANKS + i;
      const sorted = keys.subarray(0, n).sort();
      if (ranked.length < n) ranked = new Int32Array(n * 2);
      for (let i = 0; i < n; i++) ranked[i] = present[sorted[i]! % RANKS]!;
      chosen = ranked;
    } else {
      chosen = present.slice(0, n).sort((a, b) => counts[b]! - counts[a]!); // stable: ties stay alphanumeric
    }
  }
  const shown: Record<string, number> = {};
  const limit = Math.min(n, cap);
  for (let i = 0; i < limit; i++) {
    const v = chosen[i]!;
    if (i < top || include.includes(v)) setCount(shown, values.texts[v]!, counts[v]!);
  }
  return shown;
}

/** The counted values among `ids` in the facet's order (the same order shownValues gives them). */
function includedValues(
  values: IndexStore['facets'],
  field: number,
  order: 'alpha' | 'count',
  ids: number[],
): Record<string, number> {
  const alpha = values.alphaOrder(field);
  const kept = ids.filter((v) => counts[v]! > 0).map((v) => ({ v, rank: alpha.indexOf(v) }));
  kept.sort((a, b) =>
    order === 'count' && counts[b.v]! !== counts[a.v]! ? counts[b.v]! - counts[a.v]! : a.rank - b.rank,
  );
  const shown: Record<string, number> = {};
  for (const { v } of kept) setCount(shown, values.texts[v]!, counts[v]!);
  return shown;
}

function countByDocuments(store: IndexStore, fields: number[], slots: Int32Array, n: number): void {
  const wanted = new Uint8Array(store.facets.fields.length);
  for (const f of fields) wanted[f] = 1;
  const valueField = store.facets.field;
  const data = store.docData;
  const starts = store.docStart;
  const wordCounts = store.docWords;
  const valueCounts = store.docValues;
  const local = counts;
  // In slot order, so the documents' values are read front to back rather than at random.
  // When most documents match, count the others and subtract: the same numbers, less work.
  const matches = bitsOf(store, slots, n);
  const complement = n * 2 > store.size;
  const step = complement ? -1 : 1;
  if (complement) {
    for (const f of fields) {
      const ids = store.facets.ofField[f]!;
      for (let j = 0; j < ids.length; j++) local[ids[j]!] = store.facets.docs.size(ids[j]!);
    }
    const live = store.live;
    for (let w = 0; w < matches.length; w++) matches[w] = live[w]! & ~matches[w]!;
  }
  for (let w = 0; w < matches.length; w++) {
    let word = matches[w]!;
    while (word !== 0) {
      const bit = word & -word;
      word ^= bit;
      const slot = (w << 5) + 31 - Math.clz32(bit);
      const start = starts[slot]! + wordCounts[slot]!;
      const end = start + valueCounts[slot]!;
      for (let k = start; k < end; k++) {
        const v = data[k]!;
        if (wanted[valueField[v]!] === 1) local[v]! += step;
      }
    }
  }
}

/** A bit per slot for the matching documents. */
function bitsOf(store: IndexStore, slots: Int32Array, n: number): Uint32Array {
  const bits = new Uint32Array((store.capacity + 31) >>> 5);
  for (let i = 0; i < n; i++) {
    const slot = slots[i]!;
    bits[slot >>> 5]! |= 1 << (slot & 31);
  }
  return bits;
}

function countByValues(store: IndexStore, touched: number[][], slots: Int32Array, n: number): void {
  const matches = bitsOf(store, slots, n);
  const local = counts;
  const docs = store.facets.docs;
  const data = docs.data;
  const capacity = store.capacity;
  for (const ids of touched) {
    for (let j = 0; j < ids.length; j++) {
      const v = ids[j]!;
      if (DenseSets.suits(docs.size(v), capacity)) {
        local[v] = countBoth(matches, store.denseValues.of(docs, v, capacity));
        continue;
      }
      let count = 0;
      for (let block = docs.heads[v]!; block !== -1; block = data[block + BLOCK.NEXT]!) {
        const end = block + BLOCK.HEADER + data[block + BLOCK.USED]!;
        // Adding the bit rather than branching on it: with half the documents matching, the branch
        // was a coin toss the processor mispredicted, about half the time this loop took.
        for (let i = block + BLOCK.HEADER; i < end; i++) {
          const slot = data[i]!;
          count += (matches[slot >>> 5]! >>> (slot & 31)) & 1;
        }
      }
      local[v] = count;
    }
  }
}
