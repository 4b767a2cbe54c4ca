import { checkQueryAttributes } from '#server/search/filters.ts';
import { tokenize } from '#server/search/text.ts';
import type {
  EngineHealth,
  IndexDefinition,
  SearchDocument,
  SearchEngine,
  SearchIndexName,
  SearchQuery,
  SearchResult,
} from '#server/search/types.ts';
import { runQuery, type SynonymMap, type WordMatch } from './query.ts';
import { IndexStore } from './store.ts';

/**
 * The embedded engine as it was before integer ids (string-keyed maps, a full sort of
 * every candidate), frozen here as the reference the new engine must answer exactly
 * like: the equivalence test and `npm run bench:engine` run both side by side.
 */
export class ReferenceEngine implements SearchEngine {
  readonly name = 'embedded' as const;
  #stores = new Map<SearchIndexName, IndexStore>();
  #synonyms: SynonymMap = new Map();
  #caches = new Map<SearchIndexName, { version: number; cache: Map<string, WordMatch[]> }>();

  async applySettings(definitions: IndexDefinition[], synonyms: Record<string, string[]>): Promise<void> {
    for (const definition of definitions) {
      const existing = this.#stores.get(definition.name);
      if (!existing || JSON.stringify(existing.definition) !== JSON.stringify(definition)) {
        // New settings: re-index what is there under them, like Meilisearch does.
        const store = new IndexStore(definition);
        for (const { doc } of existing?.docs.values() ?? []) store.upsert(doc);
        this.#stores.set(definition.name, store);
      }
    }
    const map: SynonymMap = new Map();
    for (const [phrase, alternatives] of Object.entries(synonyms)) {
      const key = tokenize(phrase).join(' ');
      if (!key) continue;
      map.set(
        key,
        alternatives.map((a) => tokenize(a)).filter((t) => t.length > 0),
      );
    }
    this.#synonyms = map;
    this.#caches.clear();
  }

  #store(index: SearchIndexName): IndexStore {
    const store = this.#stores.get(index);
    if (!store) throw new Error(`The ${index} index has no settings yet (applySettings was not called).`);
    return store;
  }

  async upsert(index: SearchIndexName, docs: SearchDocument[]): Promise<void> {
    const store = this.#store(index);
    for (const doc of docs) store.upsert(doc);
  }

  async remove(index: SearchIndexName, ids: string[]): Promise<void> {
    const store = this.#store(index);
    for (const id of ids) store.remove(id);
  }

  async search(index: SearchIndexName, query: SearchQuery): Promise<SearchResult> {
    const store = this.#store(index);
    checkQueryAttributes(store.definition, query.filters, query.facets, query.sort);
    let entry = this.#caches.get(index);
    if (!entry || entry.version !== store.version) {
      entry = { version: store.version, cache: new Map() };
      this.#caches.set(index, entry);
    }
    return runQuery(store, this.#synonyms, entry.cache, query, store.definition.customRanking);
  }

  async replaceAll(index: SearchIndexName, batches: AsyncIterable<SearchDocument[]>): Promise<void> {
    // Built beside the live index and swapped in whole: searches never see it half-built.
    const fresh = new IndexStore(this.#store(index).definition);
    for await (const docs of batches) for (const doc of docs) fresh.upsert(doc);
    this.#stores.set(index, fresh);
  }

  async health(): Promise<EngineHealth> {
    const sizes = [...this.#stores].map(([name, store]) => `${name} ${store.size}`).join(', ');
    return { engine: 'embedded', ok: true, detail: sizes ? `documents: ${sizes}` : 'no indexes yet' };
  }
}
