import { type Index, Meilisearch, type Settings } from 'meilisearch';
import { facetingOf, limitFacet } from '#server/search/faceting.ts';
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
import { toMeiliFilter } from './filter-string.ts';

export interface MeiliOptions {
  host: string;
  apiKey?: string;
  /** Prefix of every index uid, so several sites (or test runs) can share one server. */
  prefix: string;
}

const TASK_WAIT = { timeout: 60_000, interval: 50 };
const BUILT_IN_RULES = ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'];

/**
 * Meilisearch through the official client. Settings are applied idempotently at every
 * start; writes wait for their task so the outbox only forgets a job once Meilisearch
 * has really applied it.
 */
export class MeiliEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  readonly #client: Meilisearch;
  readonly #prefix: string;
  #definitions = new Map<SearchIndexName, IndexDefinition>();
  #synonyms: Record<string, string[]> = {};

  constructor(options: MeiliOptions) {
    this.#client = new Meilisearch({ host: options.host, apiKey: options.apiKey, timeout: 10_000 });
    this.#prefix = options.prefix;
  }

  uid(index: SearchIndexName): string {
    return `${this.#prefix}${index}`;
  }

  #index(uid: string): Index<SearchDocument> {
    return this.#client.index<SearchDocument>(uid);
  }

  #settings(definition: IndexDefinition): Settings {
    return {
      searchableAttributes: definition.searchableAttributes,
      filterableAttributes: definition.filterableAttributes,
      sortableAttributes: definition.sortableAttributes,
      rankingRules: [...BUILT_IN_RULES, ...definition.customRanking],
      synonyms: this.#synonyms,
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
      pagination: { maxTotalHits: 10_000 },
      faceting: facetingOf(definition),
    };
  }

  async #ensureIndex(uid: string, definition: IndexDefinition): Promise<void> {
    const task = await this.#client.createIndex(uid, { primaryKey: 'id' }).waitTask(TASK_WAIT);
    if (task.status === 'failed' && task.error?.code !== 'index_already_exists') {
      throw new Error(`Meilisearch could not create ${uid}: ${task.error?.message}`);
    }
    const settings = await this.#index(uid).updateSettings(this.#settings(definition)).waitTask(TASK_WAIT);
    if (settings.status === 'failed')
      throw new Error(`Meilisearch refused the settings of ${uid}: ${settings.error?.message}`);
  }

  async applySettings(definitions: IndexDefinition[], synonyms: Record<string, string[]>): Promise<void> {
    this.#synonyms = synonyms;
    for (const definition of definitions) {
      this.#definitions.set(definition.name, definition);
      await this.#ensureIndex(this.uid(definition.name), definition);
    }
  }

  async upsert(index: SearchIndexName, docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const task = await this.#index(this.uid(index)).addDocuments(docs, { primaryKey: 'id' }).waitTask(TASK_WAIT);
    if (task.status !== 'succeeded')
      throw new Error(`Meilisearch did not index ${docs.length} documents: ${task.error?.message ?? task.status}`);
  }

  async remove(index: SearchIndexName, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const task = await this.#index(this.uid(index)).deleteDocuments(ids).waitTask(TASK_WAIT);
    if (task.status !== 'succeeded')
      throw new Error(`Meilisearch did not delete documents: ${task.error?.message ?? task.status}`);
  }

  async search(index: SearchIndexName, query: SearchQuery): Promise<SearchResult> {
    const definition = this.#definitions.get(index);
    if (!definition) throw new Error(`The ${index} index has no settings yet (applySettings was not called).`);
    checkQueryAttributes(definition, query.filters, query.facets, query.sort);
    const page = Math.max(1, Math.floor(query.page ?? 1));
    const hitsPerPage = Math.min(1000, Math.max(1, Math.floor(query.hitsPerPage ?? 20)));
    const response = await this.#index(this.uid(index)).search(query.q ?? '', {
      filter: toMeiliFilter(query.filters),
      facets: query.facets,
      sort: query.sort,
      page,
      hitsPerPage,
      attributesToRetrieve: ['id', ...definition.searchableAttributes],
      showMatchesPosition: true,
    });
    return {
      hits: response.hits.map((hit) => ({ id: String(hit.id), matchedTerms: matchedTerms(hit) })),
      total: response.totalHits,
      page,
      hitsPerPage,
      facetCounts: limitFacets(response.facetDistribution ?? {}, query.facetLimits),
    };
  }

  async replaceAll(index: SearchIndexName, batches: AsyncIterable<SearchDocument[]>): Promise<void> {
    const definition = this.#definitions.get(index);
    if (!definition) throw new Error(`The ${index} index has no settings yet (applySettings was not called).`);
    const live = this.uid(index);
    const fresh = `${live}_rebuild_${Date.now()}`;
    await this.#ensureIndex(live, definition);
    await this.#ensureIndex(fresh, definition);
    try {
      for await (const docs of batches) {
        if (docs.length === 0) continue;
        const task = await this.#index(fresh).addDocuments(docs, { primaryKey: 'id' }).waitTask(TASK_WAIT);
        if (task.status !== 'succeeded')
          throw new Error(`Meilisearch did not index a batch: ${task.error?.message ?? task.status}`);
      }
      // Atomic: searches go from the old index to the complete new one.
      const swap = await this.#client.swapIndexes([{ indexes: [live, fresh], rename: false }]).waitTask(TASK_WAIT);
      if (swap.status !== 'succeeded')
        throw new Error(`Meilisearch could not swap ${live}: ${swap.error?.message ?? swap.status}`);
    } finally {
      await this.#client
        .deleteIndex(fresh)
        .waitTask(TASK_WAIT)
        .catch(() => undefined);
    }
  }

  async health(): Promise<EngineHealth> {
    try {
      await this.#client.health();
      return { engine: 'meilisearch', ok: true };
    } catch (error) {
      return { engine: 'meilisearch', ok: false, detail: (error as Error).message.slice(0, 200) };
    }
  }
}

/** The matched words of a hit, read from `_matchesPosition` (Meilisearch returns byte offsets into UTF-8). */
function matchedTerms(hit: Record<string, unknown>): string[] {
  const positions = (hit._matchesPosition ?? {}) as Record<
    string,
    { start: number; length: number; indices?: number[] }[]
  >;
  const words = new Set<string>();
  for (const [path, matches] of Object.entries(positions)) {
    const [base, element] = path.split('.') as [string, string | undefined];
    const value = hit[base];
    const texts = Array.isArray(value)
      ? value.map(String)
      : value === undefined || value === null
        ? []
        : [String(value)];
    for (const m of matches) {
      // Array values are addressed as "attr.2" or with `indices`, depending on the server version.
      const position = element !== undefined && /^\d+$/.test(element) ? Number(element) : m.indices?.[0];
      const text = position !== undefined ? texts[position] : texts.length === 1 ? texts[0] : undefined;
      if (text === undefined) continue;
      const bytes = Buffer.from(text, 'utf8');
      const fragment = bytes.subarray(m.start, m.start + m.length).toString('utf8');
      // Meilisearch reports the matched part; widen it to the whole word, as the embedded engine reports.
      const whole =
        new RegExp(`[\\p{L}\\p{N}#+]*${escapeRegExp(fragment)}[\\p{L}\\p{N}#+]*`, 'iu').exec(text)?.[0] ?? fragment;
      words.add(
        whole
          .normalize('NFKD')
          .replace(/[\u0300-\u036f]/g, '')
          .toLowerCase(),
      );
    }
  }
  return [...words];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Meilisearch counts every value up to the cap; the limits a query asks for are applied to its answer. */
function limitFacets(
  distribution: Record<string, Record<string, number>>,
  limits: SearchQuery['facetLimits'],
): Record<string, Record<string, number>> {
  if (!limits) return distribution;
  const out: Record<string, Record<string, number>> = {};
  for (const [facet, values] of Object.entries(distribution)) out[facet] = limitFacet(values, limits[facet]);
  return out;
}
