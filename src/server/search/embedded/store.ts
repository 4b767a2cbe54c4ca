import { tokenize } from '#server/search/text.ts';
import type { IndexDefinition, SearchDocument } from '#server/search/types.ts';
import { Column } from './columns.ts';
import { DenseSets } from './dense-sets.ts';
import { type FacetScalar, FacetValues } from './facet-values.ts';
import { grownInt32 } from './int-lists.ts';
import { StringIndex } from './string-index.ts';
import { Vocabulary } from './vocabulary.ts';

/** Searchable attributes an index may have: the attribute rank shares an integer with the document slot. */
export const MAX_SEARCHABLE_ATTRIBUTES = 32;

const TOKEN_CACHE_LIMIT = 20_000;
const tokenCache = new Map<string, string[]>();

/** `tokenize`, remembered: skill names, places and languages repeat across thousands of documents. */
function tokensOf(text: string): string[] {
  let tokens = tokenCache.get(text);
  if (!tokens) {
    tokens = tokenize(text);
    if (tokenCache.size >= TOKEN_CACHE_LIMIT) tokenCache.clear();
    tokenCache.set(text, tokens);
  }
  return tokens;
}

/** Attributes kept per document for sorting: explicit sorts and the custom ranking. */
export function columnFields(definition: IndexDefinition): string[] {
  const custom = definition.customRanking.map((spec) => spec.split(':')[0]!);
  return [...new Set([...definition.sortableAttributes, ...custom])];
}

/**
 * One in-memory index. Each document gets an integer slot; everything about it is kept
 * as integers: its words (word id × 32 + the most important attribute the word appears
 * in) and its filterable values (value ids) in one shared Int32Array, its sortable
 * attributes in columns. Words and values are interned once for the whole index, so no
 * document holds a copy of a string; only its id is kept as given. Slots freed by
 * removals are reused.
 */
export class IndexStore {
  readonly vocabulary: Vocabulary;
  readonly facets: FacetValues;
  readonly columns: Map<string, Column>;
  /** Slot → document id (undefined for a free slot). */
  ids: (string | undefined)[] = [];
  /** Document id → slot (a table of slots outside the heap, keyed through `ids`). */
  readonly slots = new StringIndex((slot) => this.ids[slot]);
  free: number[] = [];
  /** Bit per slot: holds a document. */
  live: Uint32Array = new Uint32Array(32);
  docStart: Int32Array = new Int32Array(1024);
  docWords: Int32Array = new Int32Array(1024);
  docValues: Int32Array = new Int32Array(1024);
  docData: Int32Array = new Int32Array(16_384);
  docTop = 0;
  /** Items of `docData` no longer referenced (rewritten documents), reclaimed by compaction. */
  garbage = 0;
  /** Bitsets of the facet values most documents have, kept current here (see DenseSets). */
  readonly denseValues = new DenseSets();
  /** Filterable values over all documents (for the cost estimates of facet counting). */
  valueItems = 0;
  /** Bumped on every change. */
  version = 0;

  constructor(
    readonly definition: IndexDefinition,
    parts?: { vocabulary: Vocabulary; facets: FacetValues; columns: Map<string, Column> },
  ) {
    if (definition.searchableAttributes.length > MAX_SEARCHABLE_ATTRIBUTES)
      throw new Error(`an index searches at most ${MAX_SEARCHABLE_ATTRIBUTES} attributes`);
    this.vocabulary = parts?.vocabulary ?? new Vocabulary();
    this.facets = parts?.facets ?? new FacetValues(definition.filterableAttributes);
    this.columns = parts?.columns ?? new Map(columnFields(definition).map((f) => [f, new Column()]));
  }

  /** Number of documents. */
  get size(): number {
    return this.slots.size;
  }

  /** Slots in use or freed: the length of per-slot arrays. */
  get capacity(): number {
    return this.ids.length;
  }

  /** Reused by every upsert: word → the most important attribute it appears in. */
  readonly #best = new Map<string, number>();

  upsert(doc: SearchDocument): void {
    // Each word once, with the most important attribute it appears in.
    const best = this.#best;
    best.clear();
    const searchable = this.definition.searchableAttributes;
    for (let rank = 0; rank < searchable.length; rank++) {
      const value = doc[searchable[rank]!];
      const texts = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
      for (const text of texts) {
        for (const word of tokensOf(String(text))) if (!best.has(word)) best.set(word, rank);
      }
    }

    let slot = this.slots.get(doc.id);
    if (slot !== undefined) this.#unindex(slot);
    else {
      slot = this.free.pop() ?? this.ids.length;
      this.ids[slot] = doc.id;
      this.slots.set(doc.id, slot);
      this.#grow(slot + 1);
      this.live[slot >>> 5]! |= 1 << (slot & 31);
    }

    const start = this.docTop;
    const needed = start + best.size + 64;
    this.docData = grownInt32(this.docData, needed);
    let at = start;
    const postings = this.vocabulary.postings;
    for (const [word, rank] of best) {
      const id = this.vocabulary.intern(word);
      postings.push(id, slot * MAX_SEARCHABLE_ATTRIBUTES + rank);
      this.docData[at++] = id * MAX_SEARCHABLE_ATTRIBUTES + rank;
    }
    const wordCount = at - start;

    const fields = this.facets.fields;
    for (let f = 0; f < fields.length; f++) {
      const value = doc[fields[f]!];
      if (value === null || value === undefined) continue;
      const list = (Array.isArray(value) ? value : [value]) as FacetScalar[];
      const first = at;
      for (const item of list) {
        if (item === null || item === undefined) continue;
        const id = this.facets.intern(f, item);
        // Count documents, not occurrences: a value repeated in one document is stored once.
        let repeated = false;
        for (let i = first; i < at; i++) if (this.docData[i] === id) repeated = true;
        if (repeated) continue;
        this.docData = grownInt32(this.docData, at + 1);
        this.docData[at++] = id;
        this.facets.docs.push(id, slot);
        this.denseValues.add(id, slot);
      }
    }
    this.docStart[slot] = start;
    this.docWords[slot] = wordCount;
    this.docValues[slot] = at - start - wordCount;
    this.valueItems += at - start - wordCount;
    this.docTop = at;

    for (const [field, column] of this.columns) column.set(slot, doc[field]);
    this.version++;
  }

  remove(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.#unindex(slot);
    this.slots.delete(id);
    this.ids[slot] = undefined;
    this.free.push(slot);
    this.live[slot >>> 5]! &= ~(1 << (slot & 31));
    for (const column of this.columns.values()) column.set(slot, undefined);
    this.version++;
  }

  /**
   * Everything the index holds about one document, as text in a fixed order: its words
   * with their attributes, its filterable values and its sortable values. Two stores
   * describe a document alike exactly when they would answer alike for it (used to
   * check a loaded snapshot against the database).
   */
  describe(id: string): string | null {
    const slot = this.slots.get(id);
    if (slot === undefined) return null;
    const start = this.docStart[slot]!;
    const words: string[] = [];
    for (let i = start; i < start + this.docWords[slot]!; i++) {
      const packed = this.docData[i]!;
      words.push(
        `${this.vocabulary.words[Math.floor(packed / MAX_SEARCHABLE_ATTRIBUTES)]}@${packed % MAX_SEARCHABLE_ATTRIBUTES}`,
      );
    }
    const values: string[] = [];
    const end = start + this.docWords[slot]! + this.docValues[slot]!;
    for (let i = start + this.docWords[slot]!; i < end; i++) {
      const v = this.docData[i]!;
      values.push(`${this.facets.fields[this.facets.field[v]!]}=${this.facets.texts[v]}`);
    }
    const columns = [...this.columns].map(([field, column]) => `${field}:${JSON.stringify(column.get(slot) ?? null)}`);
    return JSON.stringify([words.sort(), values.sort(), columns]);
  }

  /** The ids of every document, in slot order. */
  documentIds(): string[] {
    return this.ids.filter((id) => id !== undefined);
  }

  /** Whether a slot holds a document. */
  isLive(slot: number): boolean {
    return (this.live[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }

  /** Takes a slot's words and values out of the postings, ready to be rewritten or freed. */
  #unindex(slot: number): void {
    const start = this.docStart[slot]!;
    const words = this.docWords[slot]!;
    const values = this.docValues[slot]!;
    for (let i = start; i < start + words; i++) {
      const packed = this.docData[i]!;
      const word = Math.floor(packed / MAX_SEARCHABLE_ATTRIBUTES);
      const rank = packed % MAX_SEARCHABLE_ATTRIBUTES;
      this.vocabulary.postings.remove(word, slot * MAX_SEARCHABLE_ATTRIBUTES + rank);
    }
    for (let i = start + words; i < start + words + values; i++) {
      this.facets.docs.remove(this.docData[i]!, slot);
      this.denseValues.remove(this.docData[i]!, slot);
    }
    this.garbage += words + values;
    this.valueItems -= values;
    this.docWords[slot] = 0;
    this.docValues[slot] = 0;
    if (this.garbage > 65_536 && this.garbage * 2 > this.docTop) this.#compact();
  }

  #grow(capacity: number): void {
    this.docStart = grownInt32(this.docStart, capacity);
    this.docWords = grownInt32(this.docWords, capacity);
    this.docValues = grownInt32(this.docValues, capacity);
    const words = (capacity + 31) >>> 5;
    if (this.live.length < words) {
      const live = new Uint32Array(Math.max(words, this.live.length * 2));
      live.set(this.live);
      this.live = live;
    }
  }

  /** Rewrites `docData` without the space of rewritten documents. */
  #compact(): void {
    const data = new Int32Array(Math.max(16_384, (this.docTop - this.garbage) * 2));
    let at = 0;
    for (let slot = 0; slot < this.ids.length; slot++) {
      if (this.ids[slot] === undefined) continue;
      const start = this.docStart[slot]!;
      const length = this.docWords[slot]! + this.docValues[slot]!;
      data.set(this.docData.subarray(start, start + length), at);
      this.docStart[slot] = at;
      at += length;
    }
    this.docData = data;
    this.docTop = at;
    this.garbage = 0;
  }
}
