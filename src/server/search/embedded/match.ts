import type { Group } from './groups.ts';
import { BLOCK } from './int-lists.ts';
import { MAX_SEARCHABLE_ATTRIBUTES } from './store.ts';
import { Vocabulary } from './vocabulary.ts';

/** How well documents matched a word, an alternative or a group: per slot, valid where `stamp` is current. */
class Layer {
  stamp: Int32Array = new Int32Array(0);
  typos: Int32Array = new Int32Array(0);
  attribute: Int32Array = new Int32Array(0);
  exact: Int32Array = new Int32Array(0);
  /** The slots set in this round, `count` of them. */
  list: Int32Array = new Int32Array(0);
  count = 0;
  current = 0;

  fit(capacity: number): void {
    if (this.stamp.length >= capacity) return;
    const size = Math.max(capacity, this.stamp.length * 2, 1024);
    this.stamp = new Int32Array(size);
    this.typos = new Int32Array(size);
    this.attribute = new Int32Array(size);
    this.exact = new Int32Array(size);
    this.list = new Int32Array(size);
    this.current = 0;
  }

  /** Starts a round: every slot reads as unset. */
  begin(): void {
    this.count = 0;
    if (++this.current >= 0x7fffffff) {
      this.stamp.fill(0);
      this.current = 1;
    }
  }

  has(slot: number): boolean {
    return this.stamp[slot] === this.current;
  }

  /** Keeps the better of what the slot has and (typos, attribute, exact): fewer typos, then the better attribute. */
  offer(slot: number, typos: number, attribute: number, exact: number): void {
    if (this.stamp[slot] !== this.current) {
      this.stamp[slot] = this.current;
      this.typos[slot] = typos;
      this.attribute[slot] = attribute;
      this.exact[slot] = exact;
      this.list[this.count++] = slot;
    } else if (typos < this.typos[slot]! || (typos === this.typos[slot] && attribute < this.attribute[slot]!)) {
      this.typos[slot] = typos;
      this.attribute[slot] = attribute;
      this.exact[slot] = exact;
    }
  }
}

/**
 * Matches query groups against an index with per-slot integer arrays instead of maps:
 * one pass over the postings of each word's expansion, keeping per document the match
 * with fewest typos, then the most important attribute (the first such in vocabulary
 * order on a tie). Reused between searches; a search runs synchronously, so one is
 * enough per process.
 */
export class Matcher {
  readonly #word = new Layer();
  readonly #alternative = new Layer();
  readonly group = new Layer();

  /**
   * The best match of each document for a group, left in `this.group` (`list`,
   * `count`, and typos/attribute/exact per slot). Only slots whose bit is set in
   * `allowed` are considered, when given.
   */
  matchGroup(vocabulary: Vocabulary, capacity: number, group: Group, allowed: Uint32Array | null): void {
    this.#word.fit(capacity);
    this.#alternative.fit(capacity);
    this.group.fit(capacity);
    const target = this.group;
    target.begin();
    for (const alternative of group.alternatives) {
      const last = alternative.words.length - 1;
      if (last === 0 && alternative === group.alternatives[0]) {
        // The usual case, one word and nothing matched yet: straight into the group's layer.
        this.#matchWord(target, vocabulary, alternative.words[0]!, group.isLast, alternative.tolerant, allowed);
        continue;
      }
      let layer: Layer = this.#word;
      for (let i = 0; i <= last; i++) {
        const prefix = group.isLast && i === last;
        this.#matchWord(this.#word, vocabulary, alternative.words[i]!, prefix, alternative.tolerant, allowed);
        if (last === 0) break;
        const word = this.#word;
        const acc = this.#alternative;
        if (i === 0) {
          acc.begin();
          for (let k = 0; k < word.count; k++) {
            const s = word.list[k]!;
            acc.offer(s, word.typos[s]!, word.attribute[s]!, word.exact[s]!);
          }
        } else {
          // Keep only documents that also have this word: typos and exact matches add up, the best attribute counts.
          let kept = 0;
          for (let k = 0; k < acc.count; k++) {
            const s = acc.list[k]!;
            if (!word.has(s)) {
              acc.stamp[s] = 0;
              continue;
            }
            acc.typos[s]! += word.typos[s]!;
            if (word.attribute[s]! < acc.attribute[s]!) acc.attribute[s] = word.attribute[s]!;
            acc.exact[s]! += word.exact[s]!;
            acc.list[kept++] = s;
          }
          acc.count = kept;
        }
        layer = acc;
      }
      for (let k = 0; k < layer.count; k++) {
        const s = layer.list[k]!;
        target.offer(s, layer.typos[s]!, layer.attribute[s]!, layer.exact[s]!);
      }
    }
  }

  /** Offers every posting of the word's expansion to `layer` (which must be fresh or already hold this group's matches). */
  #matchWord(
    layer: Layer,
    vocabulary: Vocabulary,
    word: string,
    prefix: boolean,
    tolerant: boolean,
    allowed: Uint32Array | null,
  ) {
    const expansion = vocabulary.expand(word, prefix, tolerant);
    if (layer !== this.group) layer.begin();
    const postings = vocabulary.postings;
    const data = postings.data;
    const heads = postings.heads;
    for (let k = 0; k < expansion.words.length; k++) {
      const typos = expansion.typos[k]!;
      const exact = expansion.exact[k]!;
      for (let block = heads[expansion.words[k]!]!; block !== -1; block = data[block + BLOCK.NEXT]!) {
        const end = block + BLOCK.HEADER + data[block + BLOCK.USED]!;
        for (let i = block + BLOCK.HEADER; i < end; i++) {
          const packed = data[i]!;
          const slot = (packed / MAX_SEARCHABLE_ATTRIBUTES) | 0;
          if (allowed !== null && (allowed[slot >>> 5]! & (1 << (slot & 31))) === 0) continue;
          layer.offer(slot, typos, packed % MAX_SEARCHABLE_ATTRIBUTES, exact);
        }
      }
    }
  }
}

/**
 * The words of one document that matched the first `groups` query groups, in query
 * order, worked out again for that document alone by the same rules as the matching
 * pass (cheap for a page of hits, and it spares the pass from recording words for
 * every candidate).
 */
export function matchedWords(vocabulary: Vocabulary, docWords: Int32Array, groups: Group[], count: number): string[] {
  const out: string[] = [];
  for (let g = 0; g < count; g++) {
    const group = groups[g]!;
    let best: { typos: number; attribute: number; words: number[] } | undefined;
    for (const alternative of group.alternatives) {
      const last = alternative.words.length - 1;
      let typos = 0;
      let attribute = Number.POSITIVE_INFINITY;
      const words: number[] = [];
      for (let i = 0; i <= last; i++) {
        const expansion = vocabulary.expand(alternative.words[i]!, group.isLast && i === last, alternative.tolerant);
        const positions = Vocabulary.positions(expansion);
        let found = -1;
        let foundTypos = 0;
        let foundAttribute = 0;
        let foundPosition = 0;
        for (const packed of docWords) {
          const word = (packed / MAX_SEARCHABLE_ATTRIBUTES) | 0;
          const position = positions.get(word);
          if (position === undefined) continue;
          const t = expansion.typos[position]!;
          const a = packed % MAX_SEARCHABLE_ATTRIBUTES;
          if (
            found === -1 ||
            t < foundTypos ||
            (t === foundTypos && (a < foundAttribute || (a === foundAttribute && position < foundPosition)))
          ) {
            found = word;
            foundTypos = t;
            foundAttribute = a;
            foundPosition = position;
          }
        }
        if (found === -1) {
          words.length = 0;
          break;
        }
        typos += foundTypos;
        if (foundAttribute < attribute) attribute = foundAttribute;
        words.push(found);
      }
      if (words.length === 0) continue;
      if (!best || typos < best.typos || (typos === best.typos && attribute < best.attribute)) {
        best = { typos, attribute, words };
      }
    }
    if (best) for (const w of best.words) out.push(vocabulary.words[w]!);
  }
  return [...new Set(out)];
}
