/** Largest share of a table's cells in use before it doubles. */
const MAX_LOAD = 0.6;

/** FNV-1a over a string's UTF-16 code units (exported for tests). */
export function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A map from strings to the non-negative integers that name them (a document's slot, a
 * word's id), for strings the caller already keeps in an array: the table holds only the
 * integers, in an Int32Array outside the V8 heap, and finds a key's string through
 * `keyOf`. At 100,000 members a `Map` of document ids took 3.5 MB of heap and one of
 * the vocabulary's words another 3.5 MB, in every server process; as tables they take
 * 1 MB each outside the heap, which V8's heap limit does not grow with. Open addressing
 * with linear probing; removal shifts the entries after it back, so no tombstones build
 * up however many documents come and go.
 */
export class StringIndex {
  /** value + 1 per cell; 0 is an empty cell. */
  #cells: Int32Array;
  #mask: number;
  #size = 0;

  constructor(private readonly keyOf: (value: number) => string | undefined) {
    this.#cells = new Int32Array(16);
    this.#mask = 15;
  }

  /** Number of keys. */
  get size(): number {
    return this.#size;
  }

  /** Cells of the table (for tests and the memory figures). */
  get capacity(): number {
    return this.#cells.length;
  }

  get(key: string): number | undefined {
    const cells = this.#cells;
    const mask = this.#mask;
    for (let i = hashOf(key) & mask; ; i = (i + 1) & mask) {
      const cell = cells[i]!;
      if (cell === 0) return undefined;
      if (this.keyOf(cell - 1) === key) return cell - 1;
    }
  }

  /**
   * Adds `key` → `value`, or points a present key at `value`. `keyOf(value)` must already
   * answer `key` (and, for a present key, `keyOf` of its old value still too).
   */
  set(key: string, value: number): void {
    const mask = this.#mask;
    let i = hashOf(key) & mask;
    for (; ; i = (i + 1) & mask) {
      const cell = this.#cells[i]!;
      if (cell === 0) break;
      if (this.keyOf(cell - 1) === key) {
        this.#cells[i] = value + 1;
        return;
      }
    }
    this.#cells[i] = value + 1;
    this.#size++;
    if (this.#size > this.#cells.length * MAX_LOAD) this.#rehash(this.#cells.length * 2);
  }

  /** Removes `key` (call while `keyOf` still answers it); returns whether it was there. */
  delete(key: string): boolean {
    const cells = this.#cells;
    const mask = this.#mask;
    let hole = hashOf(key) & mask;
    for (; ; hole = (hole + 1) & mask) {
      const cell = cells[hole]!;
      if (cell === 0) return false;
      if (this.keyOf(cell - 1) === key) break;
    }
    // Shift back each following entry whose home cell lies at or before the hole (cyclically).
    for (let i = (hole + 1) & mask; ; i = (i + 1) & mask) {
      const cell = cells[i]!;
      if (cell === 0) break;
      const home = hashOf(this.keyOf(cell - 1)!) & mask;
      if (((i - home) & mask) >= ((i - hole) & mask)) {
        cells[hole] = cell;
        hole = i;
      }
    }
    cells[hole] = 0;
    this.#size--;
    return true;
  }

  /** Grows the table, if needed, to hold `expected` keys without growing again (before adding many). */
  reserve(expected: number): void {
    let capacity = this.#cells.length;
    while (capacity * MAX_LOAD < expected) capacity *= 2;
    if (capacity > this.#cells.length) this.#rehash(capacity);
  }

  #rehash(capacity: number): void {
    const old = this.#cells;
    const cells = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let k = 0; k < old.length; k++) {
      const cell = old[k]!;
      if (cell === 0) continue;
      let i = hashOf(this.keyOf(cell - 1)!) & mask;
      while (cells[i] !== 0) i = (i + 1) & mask;
      cells[i] = cell;
    }
    this.#cells = cells;
    this.#mask = mask;
  }
}
