import { facetOrder } from '#server/search/faceting.ts';
import type { FacetingSettings } from '#server/search/types.ts';
import { BLOCK } from './int-lists.ts';
import type { IndexStore } from './store.ts';

/** How to count; `auto` picks the cheaper way. Tests force each to check they agree. */
export type CountStrategy = 'auto' | 'documents' | 'values';

/** What reading one document costs beyond its values, in value reads. */
const DOCUMENT_JUMP = 16;

let counts: Int32Array = new Int32Array(1024);

/**
 * Counts facet values over the matching documents into one Int32Array indexed by value
 * id, then returns each requested facet's values with their counts, chosen and ordered
 * as the faceting settings say. Three ways to count, all giving the same numbers:
 * every document matches (the list sizes are the counts), few documents match (read
 * each one's value ids), or many do (walk each value's document list against a bitset
 * of the matches).
 */
export function countFacets(
  store: IndexStore,
  facets: string[],
  slots: Int32Array,
  n: number,
  everyDocument: boolean,
  faceting: Required<FacetingSettings>,
  strategy: CountStrategy = 'auto',
): Record<string, Record<string, number>> {
  const values = store.facets;
  const fields = [...new Set(facets)].map((name) => {
    const field = values.fieldIds.get(name);
    if (field === undefined) throw new Error(`"${name}" is not filterable`);
    return field;
  });
  if (counts.length < values.size) counts = new Int32Array(values.size * 2);
  const touched: number[][] = fields.map((f) => values.ofField[f]!);
  try {
    if (everyDocument && strategy === 'auto') {
      for (const ids of touched) for (const v of ids) counts[v] = values.docs.size(v);
    } else {
      // Walking value lists reads memory in order; reading documents jumps from one to the next.
      let valueCost = n;
      for (const ids of touched) for (const v of ids) valueCost += values.docs.size(v);
      const perDocument = (store.size > 0 ? store.valueItems / store.size : 0) + DOCUMENT_JUMP;
      const documentCost = Math.min(n, store.size - n) * perDocument;
      const byValues = strategy === 'values' || (strategy === 'auto' && valueCost < documentCost);
      if (byValues) countByValues(store, touched, slots, n);
      else countByDocuments(store, fields, slots, n);
    }
    const out: Record<string, Record<string, number>> = {};
    for (const name of new Set(facets)) {
      const field = values.fieldIds.get(name)!;
      out[name] = shownValues(values, field, facetOrder(faceting, name), faceting.maxValuesPerFacet);
    }
    return out;
  } finally {
    for (const ids of touched) for (const v of ids) counts[v] = 0;
  }
}

let present: Int32Array = new Int32Array(1024);
let keys: Float64Array = new Float64Array(1024);
/** Sort keys of the count order: fewer documents → larger key; ties keep alphanumeric order. */
const RANKS = 2 ** 21;

/** One facet's counted values, chosen and ordered as the faceting settings say. */
function shownValues(
  values: IndexStore['facets'],
  field: number,
  order: 'alpha' | 'count',
  cap: number,
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
      chosen = new Int32Array(n);
      for (let i = 0; i < n; i++) chosen[i] = present[sorted[i]! % RANKS]!;
    } else {
      chosen = present.slice(0, n).sort((a, b) => counts[b]! - counts[a]!); // stable: ties stay alphanumeric
    }
  }
  const shown: Record<string, number> = {};
  const limit = Math.min(n, cap);
  for (let i = 0; i < limit; i++) {
    const v = chosen[i]!;
    const text = values.texts[v]!;
    // A plain assignment to "__proto__" would set the prototype instead of a key.
    if (text === '__proto__')
      Object.defineProperty(shown, text, { value: counts[v], enumerable: true, writable: true, configurable: true });
    else shown[text] = counts[v]!;
  }
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
    for (const f of fields) for (const v of store.facets.ofField[f]!) local[v] = store.facets.docs.size(v);
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
  for (const ids of touched) {
    for (const v of ids) {
      let count = 0;
      for (let block = docs.heads[v]!; block !== -1; block = data[block + BLOCK.NEXT]!) {
        const end = block + BLOCK.HEADER + data[block + BLOCK.USED]!;
        for (let i = block + BLOCK.HEADER; i < end; i++) {
          const slot = data[i]!;
          if ((matches[slot >>> 5]! & (1 << (slot & 31))) !== 0) count++;
        }
      }
      local[v] = count;
    }
  }
}
