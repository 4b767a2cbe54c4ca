import { BLOCK, type IntLists } from './int-lists.ts';

/**
 * Bitsets (a bit per document slot) of the facet values that most documents have: the
 * booleans, seniority, time-zone band, top level, the commonest languages and skills.
 * Counting a value over a search's matches walks the value's document list and tests
 * each slot against the matches; for such a value the list has more items than its
 * bitset has words, so counting is cheaper as AND and population count over words. At
 * 100,000 members those values were half of what a broad search ("r", 45,000 matches)
 * counted (README "Benchmark").
 *
 * A bitset is built from the value's list the first time a count asks for it, then kept
 * current by the store on every change of that value's list, so a loaded snapshot needs
 * none and an index keeps bitsets only for values that are dense and counted. Each is at
 * most as large as the list it stands for.
 */
export class DenseSets {
  #bits: (Uint32Array | undefined)[] = [];

  /** Whether a list of `size` items over `capacity` slots is read as a bitset: no more words than items. */
  static suits(size: number, capacity: number): boolean {
    return size > 0 && size >= (capacity + 31) >>> 5;
  }

  /** The bitset of list `list` of `lists` over `capacity` slots (built now if it has none yet). */
  of(lists: IntLists, list: number, capacity: number): Uint32Array {
    const known = this.#bits[list];
    if (known) return known;
    const bits = new Uint32Array((capacity + 31) >>> 5);
    setListBits(lists, list, bits);
    this.#bits[list] = bits;
    return bits;
  }

  /** A slot joined list `list` (nothing to do unless it has a bitset). */
  add(list: number, slot: number): void {
    let bits = this.#bits[list];
    if (!bits) return;
    const word = slot >>> 5;
    if (word >= bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, bits.length * 2));
      grown.set(bits);
      this.#bits[list] = bits = grown;
    }
    bits[word]! |= 1 << (slot & 31);
  }

  /** A slot left list `list`. */
  remove(list: number, slot: number): void {
    const bits = this.#bits[list];
    const word = slot >>> 5;
    if (bits && word < bits.length) bits[word]! &= ~(1 << (slot & 31));
  }

  /** How many lists have a bitset (for tests). */
  get size(): number {
    return this.#bits.filter((b) => b !== undefined).length;
  }
}

/** Sets the bit of every slot in list `list` of `lists` (bits must reach the list's largest slot). */
export function setListBits(lists: IntLists, list: number, bits: Uint32Array): void {
  const data = lists.data;
  for (let block = lists.heads[list]!; block !== -1; block = data[block + BLOCK.NEXT]!) {
    const end = block + BLOCK.HEADER + data[block + BLOCK.USED]!;
    for (let i = block + BLOCK.HEADER; i < end; i++) {
      const slot = data[i]!;
      bits[slot >>> 5]! |= 1 << (slot & 31);
    }
  }
}

/** What reading a value's documents costs, in list items or bitset words, whichever it is read as. */
export function readCost(size: number, capacity: number): number {
  return DenseSets.suits(size, capacity) ? (capacity + 31) >>> 5 : size;
}

/** The number of bits set in both `a` and `b`. */
export function countBoth(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  let count = 0;
  for (let i = 0; i < n; i++) {
    // Population count of a 32-bit word by adding bits in pairs, nibbles, then bytes.
    let x = a[i]! & b[i]!;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    count += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  return count;
}
