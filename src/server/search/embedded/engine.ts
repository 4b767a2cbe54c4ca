import { checkQueryAttributes } from '#server/search/filters.ts';
import type {
  EngineHealth,
  IndexDefinition,
  SearchDocument,
  SearchEngine,
  SearchIndexName,
  SearchQuery,
  SearchResult,
} from '#server/search/types.ts';
import { type SynonymMap, synonymMap } from './groups.ts';
import { type QueryStrategies, runQuery } from './query.ts';
import { IndexStore } from './store.ts';

/**
 * The default search engine: in-process, in memory, nothing to install. It mirrors
 * Meilisearch's observable behaviour (typo tolerance, prefix search, synonyms, filters,
 * facets with their caps, ranking rules) closely enough that one contract suite passes
 * on both. Documents are held as integers (see IndexStore), not as the objects given,
 * so an index cannot re-index itself under new settings: changing an index's
 * definition starts it empty, and the caller fills it (start-up always does).
 */
export class EmbeddedEngine implements SearchEngine {
  readonly name = 'embedded' as const;
  #stores = new Map<SearchIndexName, IndexStore>();
  #synonyms: SynonymMap = new Map();
  #synonymSource: Record<string, string[]> = {};

  async applySettings(definitions: IndexDefinition[], synonyms: Record<string, string[]>): Promise<void> {
    for (const definition of definitions) {
      const existing = this.#stores.get(definition.name);
      if (!existing || JSON.stringify(existing.definition) !== JSON.stringify(definition)) {
        this.#stores.set(definition.name, new IndexStore(definition));
      }
    }
    this.#synonyms = synonymMap(synonyms);
    this.#synonymSource = synonyms;
  }

  /** The synonyms as given to applySettings (part of what a snapshot is valid for). */
  get synonyms(): Record<string, string[]> {
    return this.#synonymSource;
  }

  /** The live store of an index (snapshots read and replace it). */
  store(index: SearchIndexName): IndexStore {
    const store = this.#stores.get(index);
    if (!store) throw new Error(`The ${index} index has no settings yet (applySettings was not called).`);
    return store;
  }

  /** Swaps in a store built elsewhere (a loaded snapshot); its definition must be the current one. */
  install(index: SearchIndexName, store: IndexStore): void {
    if (JSON.stringify(this.store(index).definition) !== JSON.stringify(store.definition))
      throw new Error(`the ${index} store was built for other settings`);
    this.#stores.set(index, store);
  }

  async upsert(index: SearchIndexName, docs: SearchDocument[]): Promise<void> {
    const store = this.store(index);
    for (const doc of docs) store.upsert(doc);
  }

  async remove(index: SearchIndexName, ids: string[]): Promise<void> {
    const store = this.store(index);
    for (const id of ids) store.remove(id);
  }

  async search(index: SearchIndexName, query: SearchQuery): Promise<SearchResult> {
    return this.searchNow(index, query);
  }

  /** `search`, synchronously, with optional forced strategies (tests compare them). */
  searchNow(index: SearchIndexName, query: SearchQuery, strategies?: QueryStrategies): SearchResult {
    const store = this.store(index);
    checkQueryAttributes(store.definition, query.filters, query.facets, query.sort);
    return runQuery(store, this.#synonyms, query, strategies);
  }

  async replaceAll(index: SearchIndexName, batches: AsyncIterable<SearchDocument[]>): Promise<void> {
    // Built beside the live index and swapped in whole: searches never see it half-built.
    const fresh = new IndexStore(this.store(index).definition);
    for await (const docs of batches) for (const doc of docs) fresh.upsert(doc);
    this.#stores.set(index, fresh);
  }

  async health(): Promise<EngineHealth> {
    const sizes = [...this.#stores].map(([name, store]) => `${name} ${store.size}`).join(', ');
    return { engine: 'embedded', ok: true, detail: sizes ? `documents: ${sizes}` : 'no indexes yet' };
  }
}
