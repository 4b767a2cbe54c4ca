import { tokenize } from '#server/search/text.ts';
import type { IndexDefinition, SearchDocument } from '#server/search/types.ts';

interface Stored {
  doc: SearchDocument;
  words: string[];
}

/**
 * One in-memory index: the documents, and an inverted index from each word to the
 * documents containing it with the most important attribute it appears in. Words are
 * also grouped by first letter, which is where typo matching looks (a first-letter
 * typo costs two, so with one typo allowed the first letter must match).
 */
export class IndexStore {
  readonly docs = new Map<string, Stored>();
  readonly postings = new Map<string, Map<string, number>>();
  readonly vocabulary = new Map<string, Set<string>>();
  /** Bumped on every change; caches keyed on it go stale automatically. */
  version = 0;

  constructor(readonly definition: IndexDefinition) {}

  upsert(doc: SearchDocument): void {
    this.remove(doc.id);
    const bestAttribute = new Map<string, number>();
    this.definition.searchableAttributes.forEach((attribute, rank) => {
      const value = doc[attribute];
      const texts = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
      for (const text of texts) {
        for (const word of tokenize(String(text))) {
          if (!bestAttribute.has(word)) bestAttribute.set(word, rank);
        }
      }
    });
    for (const [word, rank] of bestAttribute) {
      let docs = this.postings.get(word);
      if (!docs) {
        docs = new Map();
        this.postings.set(word, docs);
        const first = word[0]!;
        let bucket = this.vocabulary.get(first);
        if (!bucket) this.vocabulary.set(first, (bucket = new Set()));
        bucket.add(word);
      }
      docs.set(doc.id, rank);
    }
    this.docs.set(doc.id, { doc, words: [...bestAttribute.keys()] });
    this.version++;
  }

  remove(id: string): void {
    const stored = this.docs.get(id);
    if (!stored) return;
    for (const word of stored.words) {
      const docs = this.postings.get(word);
      if (!docs) continue;
      docs.delete(id);
      if (docs.size === 0) {
        this.postings.delete(word);
        this.vocabulary.get(word[0]!)?.delete(word);
      }
    }
    this.docs.delete(id);
    this.version++;
  }

  get size(): number {
    return this.docs.size;
  }
}
