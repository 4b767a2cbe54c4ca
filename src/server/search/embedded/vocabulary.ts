import { allowedTypos, letterMask, missingLetters, typoDistance } from '#server/search/text.ts';
import { grownInt32, IntLists } from './int-lists.ts';
import { StringIndex } from './string-index.ts';

/** Index words a query word stands for, in vocabulary order, with their typo counts. */
export interface Expansion {
  words: Int32Array;
  typos: Int32Array;
  /** 1 when the word is the query word itself (not a prefix or typo match). */
  exact: Uint8Array;
  /** Number of postings over all `words`: an upper bound on the documents this word matches. */
  postings: number;
  /** word id → position in `words`, built on first use (for explaining a hit). */
  positions?: Map<number, number>;
}

const CACHE_LIMIT = 5000;
/**
 * Index words held over all cached expansions (about 9 bytes each, plus the arrays'
 * objects): at 100,000 members a few thousand distinct searches otherwise filled the
 * cache with about 18 MB per process that members' queries, rarely repeated, seldom reused.
 */
const CACHE_WORDS_LIMIT = 200_000;

/**
 * Every distinct word of an index, numbered in first-seen order, with its postings
 * (document slot × 32 + attribute rank, packed in one integer). Words are grouped by
 * first letter, which is where typo matching looks (a first-letter typo costs two, so
 * with one typo allowed the first letter must match). Words are never renumbered: one
 * whose documents are all gone keeps an empty posting list, so a word id stays valid
 * for the life of the index.
 */
export class Vocabulary {
  readonly words: string[] = [];
  /** Word → id (a table of ids outside the heap, keyed through `words`). */
  readonly ids = new StringIndex((id) => this.words[id]);
  /** Code-point length of each word (the typo rules count code points). */
  lengths: Int32Array = new Int32Array(1024);
  /** Letters of each word as a bit set (see `letterMask`), to rule out typo matches without measuring them. */
  masks: Int32Array = new Int32Array(1024);
  /** First UTF-16 unit → word ids, in creation order; the map keeps first-letter creation order. */
  readonly buckets = new Map<string, number[]>();
  postings = new IntLists(4096);
  #cache = new Map<string, Expansion>();
  #cachedFor = 0;
  #cachedWords = 0;

  get size(): number {
    return this.words.length;
  }

  /** The id of `word`, created when new. */
  intern(word: string): number {
    let id = this.ids.get(word);
    if (id !== undefined) return id;
    id = this.words.length;
    this.words.push(word);
    this.ids.set(word, id);
    this.lengths = grownInt32(this.lengths, id + 1);
    this.masks = grownInt32(this.masks, id + 1);
    let length = 0;
    for (const _ of word) length++;
    this.lengths[id] = length;
    this.masks[id] = letterMask(word);
    const first = word[0]!;
    let bucket = this.buckets.get(first);
    if (!bucket) this.buckets.set(first, (bucket = []));
    bucket.push(id);
    this.postings.add();
    return id;
  }

  /**
   * Index words a query word can stand for: itself, words it begins (`prefix`, the last
   * query word only) and close misspellings (`tolerant`), in vocabulary order. Cached
   * until a new word enters the vocabulary (postings changing does not matter here).
   */
  expand(word: string, prefix: boolean, tolerant: boolean): Expansion {
    if (this.#cachedFor !== this.words.length) this.#forget();
    const key = `${prefix ? 'p' : 'w'}${tolerant ? 't' : 'x'}:${word}`;
    let found = this.#cache.get(key);
    if (!found) {
      found = this.#expand(word, prefix, tolerant);
      if (this.#cache.size >= CACHE_LIMIT || this.#cachedWords + found.words.length > CACHE_WORDS_LIMIT) this.#forget();
      this.#cache.set(key, found);
      this.#cachedWords += found.words.length;
    }
    return found;
  }

  #forget(): void {
    this.#cache.clear();
    this.#cachedFor = this.words.length;
    this.#cachedWords = 0;
  }

  /** How many expansions, and index words over them, the cache holds (for tests). */
  get cached(): { expansions: number; words: number } {
    return { expansions: this.#cache.size, words: this.#cachedWords };
  }

  #expand(word: string, prefix: boolean, tolerant: boolean): Expansion {
    const maxTypos = tolerant ? allowedTypos(word) : 0;
    let length = 0;
    for (const _ of word) length++;
    const words: number[] = [];
    const typos: number[] = [];
    const exact: number[] = [];
    // With two typos allowed the first letter may differ (at the cost of both typos).
    const buckets = maxTypos >= 2 ? [...this.buckets.values()] : [this.buckets.get(word[0]!) ?? []];
    const lengths = this.lengths;
    const plain = length === word.length && length >= 2; // no surrogate pairs: code units are letters
    const first = word.charCodeAt(0);
    const second = word.charCodeAt(1);
    const mask = letterMask(word);
    const masks = this.masks;
    const self = this.ids.get(word);
    // Numbers are read before strings: with two typos every word of the vocabulary is a
    // candidate, and at 100,000 members touching each one's string made an expansion
    // take about 13 ms; its length and letters (letterMask) rule out almost all of them.
    for (const bucket of buckets) {
      if (bucket.length === 0) continue;
      const otherFirst = this.words[bucket[0]!]!.charCodeAt(0) !== first;
      for (let k = 0; k < bucket.length; k++) {
        const id = bucket[k]!;
        if (id === self) {
          words.push(id);
          typos.push(0);
          exact.push(1);
        } else if (maxTypos === 0) {
          if (prefix && this.words[id]!.startsWith(word)) {
            words.push(id);
            typos.push(0);
            exact.push(0);
          }
        } else {
          // The length bounds typoDistance would check first, without calling it.
          const m = lengths[id]!;
          if (prefix ? m < length - maxTypos : Math.abs(length - m) > maxTypos) continue;
          // Each letter of the query word that the candidate lacks costs an edit; and for a
          // whole-word match, each letter of the candidate the query word lacks does too.
          const letters = masks[id]!;
          if (missingLetters(mask, letters) > maxTypos) continue;
          if (!prefix && missingLetters(letters, mask) > maxTypos) continue;
          const candidate = this.words[id]!;
          // A wrong first letter costs two, so with two allowed exactly one edit may touch the
          // start: swapping, replacing, adding or dropping the first letter. Each of those keeps
          // one of these letter pairs equal; a candidate keeping none cannot match.
          if (otherFirst && plain && m === candidate.length && m >= 2) {
            const c0 = candidate.charCodeAt(0);
            const c1 = candidate.charCodeAt(1);
            if (second !== c1 && second !== c0 && first !== c1) continue;
          }
          const t = typoDistance(word, candidate, maxTypos, prefix);
          if (t <= maxTypos) {
            words.push(id);
            typos.push(t);
            exact.push(0);
          }
        }
      }
    }
    let postings = 0;
    for (const id of words) postings += this.postings.size(id);
    return { words: Int32Array.from(words), typos: Int32Array.from(typos), exact: Uint8Array.from(exact), postings };
  }

  /** Position of each word of an expansion, for looking a document's words up in it. */
  static positions(expansion: Expansion): Map<number, number> {
    if (!expansion.positions) {
      const positions = new Map<number, number>();
      for (let i = 0; i < expansion.words.length; i++) positions.set(expansion.words[i]!, i);
      expansion.positions = positions;
    }
    return expansion.positions;
  }

  /** Rebuilds a vocabulary from stored words and postings (snapshot load). */
  static restore(words: string[], postings: IntLists): Vocabulary {
    const vocabulary = new Vocabulary();
    vocabulary.postings = new IntLists(0);
    vocabulary.ids.reserve(words.length);
    for (const word of words) vocabulary.intern(word);
    vocabulary.postings = postings;
    return vocabulary;
  }
}
