import type { SearchIndexName } from '#db/schema/search.ts';

export type { SearchIndexName };

/** A document as the engine stores it: flat JSON with a string `id`. Only public fields. */
export interface SearchDocument {
  id: string;
  [field: string]: string | number | boolean | null | string[] | number[];
}

/**
 * How one index behaves. The same definition drives both engines, so they agree on
 * what is searched (in priority order), filtered, faceted and sorted.
 */
export interface IndexDefinition {
  name: SearchIndexName;
  /** Attributes searched, most important first (matches in earlier ones rank higher). */
  searchableAttributes: string[];
  /** Attributes usable in filters and facet counts. */
  filterableAttributes: string[];
  sortableAttributes: string[];
  /**
   * Tie-breakers after relevance, e.g. `['rank:desc']` where `rank` is a number the
   * feature computes (endorsements, availability…). Meilisearch's custom ranking rules.
   */
  customRanking: `${string}:${'asc' | 'desc'}`[];
  /** Facet value caps and order, as Meilisearch's `faceting` setting; see `facetingOf` for the defaults. */
  faceting?: FacetingSettings;
}

/** How facet values are returned: at most `maxValuesPerFacet` per facet, chosen and ordered per facet. */
export interface FacetingSettings {
  /** Meilisearch's default is 100. */
  maxValuesPerFacet?: number;
  /**
   * Per facet (`*` for all): `alpha` keeps the first values in alphanumeric order
   * (Meilisearch's default), `count` the most frequent.
   */
  sortFacetValuesBy?: Record<string, 'alpha' | 'count'>;
}

/**
 * Part of a facet's values: the first `top` in the facet's order, plus any value of
 * `include` that has a count; all within the facet's cap, in the facet's order. `top`
 * is for facets of text values: a JavaScript record lists number-like keys first,
 * whatever the facet's order, so an answer cannot carry that order for them.
 */
export interface FacetLimit {
  top?: number;
  include?: string[];
}

/** A value a filter compares with. */
export type FilterValue = string | number | boolean;

/**
 * Filters: every listed field must match (AND); a list of values matches any of them
 * (OR); a range compares numbers. Array attributes match when any element does.
 */
export type SearchFilters = Record<
  string,
  FilterValue | FilterValue[] | { gte?: number; lte?: number } | { not: FilterValue[] }
>;

export interface SearchQuery {
  /** Free text; empty means "everything that passes the filters". */
  q: string;
  filters?: SearchFilters;
  /** Attributes to count values of across all matching documents. */
  facets?: string[];
  /**
   * Per facet, only part of its values: a page that shows the dozen most common skills,
   * or the levels of one skill among every skill's levels, need not receive thousands.
   * Facets without a limit return their values as the faceting settings say.
   */
  facetLimits?: Record<string, FacetLimit>;
  /** Explicit sort, applied before relevance (e.g. upcoming events by date). */
  sort?: `${string}:${'asc' | 'desc'}`[];
  /** 1-based. */
  page?: number;
  hitsPerPage?: number;
}

export interface SearchHit {
  id: string;
  /** Words of the document that matched the query (after typo/prefix/synonym expansion), lower-case. */
  matchedTerms: string[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** Matching documents in all pages. */
  total: number;
  page: number;
  hitsPerPage: number;
  /** facet → value → count, over all matching documents (not only this page). */
  facetCounts: Record<string, Record<string, number>>;
}

/** Engine status for /healthz. */
export interface EngineHealth {
  engine: 'embedded' | 'meilisearch';
  ok: boolean;
  detail?: string;
}

/** What both engines implement; features talk to it through src/server/search/index.ts. */
export interface SearchEngine {
  readonly name: 'embedded' | 'meilisearch';
  /** Creates indexes and applies settings; idempotent, run at every start. */
  applySettings(definitions: IndexDefinition[], synonyms: Record<string, string[]>): Promise<void>;
  upsert(index: SearchIndexName, docs: SearchDocument[]): Promise<void>;
  remove(index: SearchIndexName, ids: string[]): Promise<void>;
  search(index: SearchIndexName, query: SearchQuery): Promise<SearchResult>;
  /** Builds a fresh copy of the index from `docs`, then swaps it in: searches never see it half-built. */
  replaceAll(index: SearchIndexName, docs: AsyncIterable<SearchDocument[]>): Promise<void>;
  health(): Promise<EngineHealth>;
}

/**
 * What a feature that owns an index provides (src/features/<feature>/<feature>.search.ts),
 * registered by src/app/search-sources.ts. The database stays the source of truth:
 * the worker asks `load` for the current documents of changed ids and removes the ids
 * it does not get back.
 */
export interface IndexSource {
  definition: IndexDefinition;
  /** Current documents for these ids; ids that are gone or must not be indexed are omitted. */
  load(ids: string[]): Promise<SearchDocument[]>;
  /** Every indexable id, in batches (for a full reindex). */
  allIds(): AsyncIterable<string[]>;
  /**
   * Every document, in batches, in one pass over the tables (a full reindex reads this
   * when a source has it: faster than `load` on id batches for large indexes).
   */
  allDocuments?(): AsyncIterable<SearchDocument[]>;
}
