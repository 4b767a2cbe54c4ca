import type { Column } from './columns.ts';

/** The candidates of one search, by index: slot and ranking-rule scores. */
export class Candidates {
  slot: Int32Array = new Int32Array(0);
  words: Int32Array = new Int32Array(0);
  typos: Int32Array = new Int32Array(0);
  attribute: Int32Array = new Int32Array(0);
  exact: Int32Array = new Int32Array(0);
  count = 0;

  fit(capacity: number): void {
    if (this.slot.length >= capacity) return;
    const size = Math.max(capacity, this.slot.length * 2, 1024);
    this.slot = new Int32Array(size);
    this.words = new Int32Array(size);
    this.typos = new Int32Array(size);
    this.attribute = new Int32Array(size);
    this.exact = new Int32Array(size);
  }

  push(slot: number, typos: number, attribute: number, exact: number): void {
    const i = this.count++;
    this.slot[i] = slot;
    this.words[i] = 1;
    this.typos[i] = typos;
    this.attribute[i] = attribute;
    this.exact[i] = exact;
  }
}

/** A sort spec resolved to its column. */
export interface ColumnOrder {
  column: Column;
  desc: boolean;
}

/**
 * Meilisearch's rule order, on candidate indexes: more query words matched, fewer
 * typos, better attributes, the explicit sort, more exact words, the custom ranking,
 * and finally the document id, so that equal documents always come in the same order.
 * (Proximity is not modelled, as before.)
 */
export function candidateOrder(
  c: Candidates,
  ids: (string | undefined)[],
  sort: ColumnOrder[],
  custom: ColumnOrder[],
): (a: number, b: number) => number {
  const only = custom[0];
  if (sort.length === 0 && custom.length === 1 && only!.column.numbers) {
    // The usual case (relevance, then one number such as a rank): the same order, read straight from the arrays.
    const numbers = only!.column.numbers;
    const present = only!.column.present;
    const sign = only!.desc ? -1 : 1;
    return (a, b) => {
      if (c.words[a] !== c.words[b]) return c.words[b]! - c.words[a]!;
      if (c.typos[a] !== c.typos[b]) return c.typos[a]! - c.typos[b]!;
      if (c.attribute[a] !== c.attribute[b]) return c.attribute[a]! - c.attribute[b]!;
      if (c.exact[a] !== c.exact[b]) return c.exact[b]! - c.exact[a]!;
      const sa = c.slot[a]!;
      const sb = c.slot[b]!;
      const pa = present[sa] === 1;
      const pb = present[sb] === 1;
      if (pa !== pb) return pa ? -1 : 1; // missing values last
      if (pa) {
        const va = numbers[sa]!;
        const vb = numbers[sb]!;
        if (va < vb) return -sign;
        if (vb < va) return sign;
      }
      const ia = ids[sa]!;
      const ib = ids[sb]!;
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    };
  }
  return (a, b) => {
    if (c.words[a] !== c.words[b]) return c.words[b]! - c.words[a]!;
    if (c.typos[a] !== c.typos[b]) return c.typos[a]! - c.typos[b]!;
    if (c.attribute[a] !== c.attribute[b]) return c.attribute[a]! - c.attribute[b]!;
    const sa = c.slot[a]!;
    const sb = c.slot[b]!;
    for (const s of sort) {
      const order = s.column.compare(sa, sb, s.desc);
      if (order !== 0) return order;
    }
    if (c.exact[a] !== c.exact[b]) return c.exact[b]! - c.exact[a]!;
    for (const s of custom) {
      const order = s.column.compare(sa, sb, s.desc);
      if (order !== 0) return order;
    }
    const ia = ids[sa]!;
    const ib = ids[sb]!;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
}

/**
 * The best `k` of `n` items (indexes 0…n-1) under `compare`, best first. A bounded heap
 * whose root is the worst item kept: each item costs one comparison with the root
 * unless it belongs in the top k, instead of sorting all n.
 */
export function topK(n: number, k: number, compare: (a: number, b: number) => number): Int32Array {
  const size = Math.min(k, n);
  if (size <= 0) return new Int32Array(0);
  if (size * 4 >= n) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all.sort(compare).subarray(0, size);
  }
  const heap = new Int32Array(size);
  // The root is the worst: a "max-heap" under `compare`.
  const worse = (a: number, b: number) => compare(a, b) > 0;
  const siftDown = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) return;
      const r = l + 1;
      const child = r < size && worse(heap[r]!, heap[l]!) ? r : l;
      if (!worse(heap[child]!, heap[i]!)) return;
      const t = heap[i]!;
      heap[i] = heap[child]!;
      heap[child] = t;
      i = child;
    }
  };
  for (let i = 0; i < size; i++) heap[i] = i;
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDown(i);
  for (let i = size; i < n; i++) {
    if (compare(i, heap[0]!) < 0) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return heap.sort(compare);
}
