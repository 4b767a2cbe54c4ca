/** Past this many items an array grows by an eighth instead of doubling. */
const LARGE_ARRAY = 1 << 20;

/**
 * The capacity an array of `current` items grows to for `length`: doubling while small,
 * then by an eighth. The large ones are an index's per-document words and values and its
 * postings (3–5.5 million items each at 100,000 members); the first change after loading
 * a snapshot grows each of them, and doubling held about 45 MB per process that was never
 * used, a quarter about 10 MB, an eighth about 5 MB. The price is a copy of the array
 * (about 20 MB, a few ms) every ~10,000 documents rewritten instead of every ~20,000.
 */
export function grownCapacity(current: number, length: number): number {
  const step = current >= LARGE_ARRAY ? current + (current >>> 3) : current * 2;
  return Math.max(length, step, 16);
}

/** Returns `array` if it holds `length` items, else a copy grown to at least that (see grownCapacity). */
export function grownInt32(array: Int32Array, length: number): Int32Array {
  if (array.length >= length) return array;
  const next = new Int32Array(grownCapacity(array.length, length));
  next.set(array);
  return next;
}

/** `grownInt32` for Float64Array. */
export function grownFloat64(array: Float64Array, length: number, fill = 0): Float64Array {
  if (array.length >= length) return array;
  const next = new Float64Array(grownCapacity(array.length, length));
  next.set(array);
  if (fill !== 0) next.fill(fill, array.length);
  return next;
}

/** `grownInt32` for Uint8Array. */
export function grownUint8(array: Uint8Array, length: number): Uint8Array {
  if (array.length >= length) return array;
  const next = new Uint8Array(grownCapacity(array.length, length));
  next.set(array);
  return next;
}

// Block layout inside `data`: [next block or -1, capacity, used, item × capacity].
const NEXT = 0;
const CAPACITY = 1;
const USED = 2;
const HEADER = 3;
const FIRST_BLOCK = 2;
const LARGEST_BLOCK = 4096;

/**
 * Many growing lists of integers (a word's postings, a facet value's documents) in one
 * Int32Array, as chains of blocks that double in size. One typed array instead of a
 * JavaScript array per list keeps 100,000 documents' postings off the V8 heap (typed
 * array contents live outside it) and free of per-list object overhead. Item order
 * within a list is not kept: removal moves the list's last item into the hole.
 */
export class IntLists {
  data: Int32Array;
  /** Used length of `data`. */
  top = 0;
  heads: Int32Array;
  tails: Int32Array;
  sizes: Int32Array;
  /** Number of lists. */
  count = 0;

  constructor(expectedItems = 1024) {
    this.data = new Int32Array(Math.max(64, expectedItems));
    this.heads = new Int32Array(64);
    this.tails = new Int32Array(64);
    this.sizes = new Int32Array(64);
  }

  /** A new empty list; returns its id (ids are 0, 1, 2… in creation order). */
  add(): number {
    const id = this.count++;
    this.heads = grownInt32(this.heads, this.count);
    this.tails = grownInt32(this.tails, this.count);
    this.sizes = grownInt32(this.sizes, this.count);
    this.heads[id] = -1;
    this.tails[id] = -1;
    this.sizes[id] = 0;
    return id;
  }

  size(list: number): number {
    return this.sizes[list]!;
  }

  #block(capacity: number): number {
    const at = this.top;
    this.top += HEADER + capacity;
    this.data = grownInt32(this.data, this.top);
    this.data[at + NEXT] = -1;
    this.data[at + CAPACITY] = capacity;
    this.data[at + USED] = 0;
    return at;
  }

  push(list: number, value: number): void {
    let tail = this.tails[list]!;
    if (tail === -1) {
      tail = this.#block(FIRST_BLOCK);
      this.heads[list] = tail;
      this.tails[list] = tail;
    } else if (this.data[tail + USED] === this.data[tail + CAPACITY]) {
      const block = this.#block(Math.min(LARGEST_BLOCK, this.data[tail + CAPACITY]! * 2));
      this.data[tail + NEXT] = block;
      this.tails[list] = block;
      tail = block;
    }
    const data = this.data;
    data[tail + HEADER + data[tail + USED]!] = value;
    data[tail + USED]!++;
    this.sizes[list]!++;
  }

  /** Removes one occurrence of `value`; returns whether it was there. */
  remove(list: number, value: number): boolean {
    const data = this.data;
    let found = -1;
    let last = -1; // the last block that still has items: where the replacement comes from
    for (let block = this.heads[list]!; block !== -1; block = data[block + NEXT]!) {
      const used = data[block + USED]!;
      if (used === 0) continue;
      last = block;
      if (found === -1) {
        const end = block + HEADER + used;
        for (let i = block + HEADER; i < end; i++) {
          if (data[i] === value) {
            found = i;
            break;
          }
        }
      }
    }
    if (found === -1) return false;
    const lastIndex = last + HEADER + data[last + USED]! - 1;
    data[found] = data[lastIndex]!;
    data[last + USED]!--;
    this.sizes[list]!--;
    return true;
  }

  /** Calls `fn` with every item of the list. For hot loops, walk the blocks inline instead (see `blocks`). */
  forEach(list: number, fn: (value: number) => void): void {
    const data = this.data;
    for (let block = this.heads[list]!; block !== -1; block = data[block + NEXT]!) {
      const end = block + HEADER + data[block + USED]!;
      for (let i = block + HEADER; i < end; i++) fn(data[i]!);
    }
  }

  /** The items of a list, copied. */
  toArray(list: number): number[] {
    const out: number[] = [];
    this.forEach(list, (v) => out.push(v));
    return out;
  }

  /**
   * Every list written as one exactly-sized block, in list order: the compact form a
   * snapshot stores. Live lists keep their blocks; this only copies.
   */
  compacted(): { data: Int32Array; heads: Int32Array; sizes: Int32Array } {
    let total = 0;
    for (let l = 0; l < this.count; l++) total += this.sizes[l]! > 0 ? HEADER + this.sizes[l]! : 0;
    const data = new Int32Array(total);
    const heads = new Int32Array(this.count);
    const sizes = this.sizes.slice(0, this.count);
    let at = 0;
    for (let l = 0; l < this.count; l++) {
      const size = this.sizes[l]!;
      if (size === 0) {
        heads[l] = -1;
        continue;
      }
      heads[l] = at;
      data[at + NEXT] = -1;
      data[at + CAPACITY] = size;
      data[at + USED] = size;
      let i = at + HEADER;
      this.forEach(l, (v) => {
        data[i++] = v;
      });
      at += HEADER + size;
    }
    return { data, heads, sizes };
  }

  /** Lists from their compact form (see `compacted`). */
  static fromCompacted(parts: { data: Int32Array; heads: Int32Array; sizes: Int32Array }): IntLists {
    const lists = new IntLists(0);
    lists.data = parts.data.length > 0 ? parts.data : new Int32Array(64);
    lists.top = parts.data.length;
    lists.count = parts.heads.length;
    lists.heads = parts.heads.length > 0 ? parts.heads : new Int32Array(64);
    lists.tails = lists.heads.slice();
    lists.sizes = parts.sizes.length > 0 ? parts.sizes : new Int32Array(64);
    return lists;
  }
}

/** Offsets used by code that walks the blocks of an `IntLists` inline (the hot loops of a search). */
export const BLOCK = { NEXT, USED, HEADER } as const;
