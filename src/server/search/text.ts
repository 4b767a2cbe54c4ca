/**
 * How text becomes searchable words, shared by the embedded engine (documents and
 * queries) and the synonym list sent to Meilisearch, so both engines see the same words.
 */

/** Meilisearch reads at most 10 words of a query; the embedded engine does the same. */
export const MAX_QUERY_WORDS = 10;

/**
 * Lower-cased words without accents; `#` and `+` stay attached ("c#", "c++") so those
 * remain distinct from "c".
 */
export function tokenize(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+[#+]*/gu) ?? []
  );
}

/** Typos allowed for a query word, by length (Meilisearch's defaults: 5+ → 1, 9+ → 2). */
export function allowedTypos(word: string): number {
  const length = [...word].length;
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}

/**
 * The letters of a word as a set of 32 bits, a code point `c` as bit `c % 32` (a–z are
 * bits 1–26), for ruling out typo matches without measuring them: turning one word into
 * (a prefix of) another costs at least one edit per letter the first has and the other
 * lacks (`missingLetters`). Letters sharing a bit only make that bound lower, never wrong.
 */
export function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    // A surrogate pair is one letter: its bit comes from the whole code point.
    const code = word.codePointAt(i)!;
    if (code > 0xffff) i++;
    mask |= 1 << (code & 31);
  }
  return mask;
}

/**
 * Letters of `word` (a `letterMask`) that `other` lacks: a lower bound on the typos
 * between them, by `typoDistance` or any edit distance.
 */
export function missingLetters(word: number, other: number): number {
  let v = (word & ~other) >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

let codesA: Int32Array = new Int32Array(32);
let codesB: Int32Array = new Int32Array(64);
let rows: Int32Array = new Int32Array(3 * 65);

/** Writes the code points of `text` into `into` (grown if needed); returns the array and the count. */
function codePoints(text: string, into: Int32Array): [Int32Array, number] {
  if (into.length < text.length) into = new Int32Array(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const next = c >= 0xd800 && c <= 0xdbff ? text.charCodeAt(i + 1) : 0;
    if (next >= 0xdc00 && next <= 0xdfff) {
      into[n++] = text.codePointAt(i)!;
      i++;
    } else into[n++] = c;
  }
  return [into, n];
}

/**
 * Damerau–Levenshtein distance between `query` and `word`, where a swap of two
 * neighbouring letters is one typo and a typo on the first letter costs two (as in
 * Meilisearch). With `prefix`, the distance is to the closest prefix of `word`, so an
 * unfinished last word still matches. Returns `max + 1` as soon as the distance is
 * known to exceed `max`. Letters are code points; three reused rows of the table, no
 * allocation per call (the engine calls this for every word of a vocabulary bucket).
 */
export function typoDistance(query: string, word: string, max: number, prefix: boolean): number {
  let n: number;
  let m: number;
  [codesA, n] = codePoints(query, codesA);
  [codesB, m] = codePoints(word, codesB);
  const a = codesA;
  const b = codesB;
  if (!prefix && Math.abs(n - m) > max) return max + 1;
  if (prefix && m < n - max) return max + 1;
  const cols = m + 1;
  if (rows.length < 3 * cols) rows = new Int32Array(3 * cols * 2);
  // Rows i-2, i-1 and i of the table, rotated (a transposition looks two rows back).
  let before = 0;
  let previous = cols;
  let current = 2 * cols;
  const d = rows;
  for (let j = 0; j <= m; j++) d[previous + j] = j;
  for (let i = 1; i <= n; i++) {
    d[current] = i;
    let rowMin = i;
    const ai = a[i - 1]!;
    for (let j = 1; j <= m; j++) {
      const cost = ai === b[j - 1] ? 0 : 1;
      let v = d[previous + j]! + 1;
      const left = d[current + j - 1]! + 1;
      if (left < v) v = left;
      const diagonal = d[previous + j - 1]! + cost;
      if (diagonal < v) v = diagonal;
      if (i > 1 && j > 1 && ai === b[j - 2] && a[i - 2] === b[j - 1]) {
        const swap = d[before + j - 2]! + 1;
        if (swap < v) v = swap;
      }
      d[current + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const free = before;
    before = previous;
    previous = current;
    current = free;
  }
  // The last row computed is now `previous`.
  let best: number;
  if (prefix) {
    best = Number.POSITIVE_INFINITY;
    for (let j = Math.max(0, n - max); j <= m; j++) if (d[previous + j]! < best) best = d[previous + j]!;
  } else {
    best = d[previous + m]!;
  }
  if (best > 0 && (n === 0 || m === 0 || a[0] !== b[0])) best += 1; // first-letter typos cost double
  return best > max ? max + 1 : best;
}
