import { create, type FacetDefinition, insertMultiple, search as oramaSearch } from '@orama/orama';
import MiniSearch from 'minisearch';
import { EmbeddedEngine } from '#server/search/embedded/engine.ts';
import { allowedTypos, tokenize } from '#server/search/text.ts';
import type { IndexDefinition, SearchDocument, SearchFilters, SearchQuery } from '#server/search/types.ts';
import { ReferenceEngine } from './reference/engine.ts';
import { passesFilters } from './reference/query.ts';

/**
 * The engines `npm run bench:engine` compares, behind one small interface: ours, the
 * engine it replaced, MiniSearch 7 and Orama 3. Each is configured as close to our
 * behaviour as it allows (typos by word length, prefix on the last word, attributes in
 * order of importance, the same filters and facets); what it cannot do it does not do,
 * and the contract checks report it.
 */

export interface Answer {
  ids: string[];
  total: number;
  facetCounts: Record<string, Record<string, number>>;
}

export interface BenchEngine {
  name: string;
  build(definition: IndexDefinition, synonyms: Record<string, string[]>, docs: SearchDocument[]): Promise<void>;
  search(query: SearchQuery): Promise<Answer>;
}

const values = (v: SearchDocument[string] | undefined): (string | number | boolean)[] =>
  v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];

/** Facet counts over matching documents, for engines without facets of their own. */
function countFacets(docs: Iterable<SearchDocument>, facets: string[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const facet of facets) out[facet] = {};
  for (const doc of docs) {
    for (const facet of facets) {
      for (const v of new Set(values(doc[facet]).map(String))) out[facet]![v] = (out[facet]![v] ?? 0) + 1;
    }
  }
  return out;
}

/** Ours, or the engine it replaced (both speak the search interface). */
function native(name: string, make: () => EmbeddedEngine | ReferenceEngine): BenchEngine {
  let engine: EmbeddedEngine | ReferenceEngine;
  return {
    name,
    async build(definition, synonyms, docs) {
      engine = make();
      // No cap, so every engine reports every facet value.
      await engine.applySettings([{ ...definition, faceting: { maxValuesPerFacet: 1_000_000 } }], synonyms);
      await engine.replaceAll(
        definition.name,
        (async function* () {
          for (let i = 0; i < docs.length; i += 500) yield docs.slice(i, i + 500);
        })(),
      );
    },
    async search(query) {
      const r = await engine.search('people', query);
      return { ids: r.hits.map((h) => h.id), total: r.total, facetCounts: r.facetCounts };
    },
  };
}

/** MiniSearch 7: our tokenizer, fuzziness by word length, prefix on the last word, every word required. */
function miniSearch(): BenchEngine {
  let index: MiniSearch<SearchDocument>;
  // MiniSearch keeps no filterable fields of its own: the filters and facets read these.
  const facetsOf = new Map<string, SearchDocument>();
  let filterable: string[] = [];
  return {
    name: 'MiniSearch 7',
    async build(definition, _synonyms, docs) {
      filterable = definition.filterableAttributes;
      index = new MiniSearch<SearchDocument>({
        idField: 'id',
        fields: definition.searchableAttributes,
        extractField: (doc, field) => values(doc[field]).join(' '),
        tokenize: (text) => tokenize(text),
        processTerm: (term) => term,
        searchOptions: {
          tokenize: (text) => tokenize(text),
          processTerm: (term) => term,
          prefix: (_term, i, terms) => i === terms.length - 1,
          fuzzy: (term) => allowedTypos(term) || false,
          combineWith: 'AND',
          boost: Object.fromEntries(
            definition.searchableAttributes.map((a, i) => [a, definition.searchableAttributes.length - i]),
          ),
        },
      });
      index.addAll(docs);
      for (const doc of docs) {
        const kept: SearchDocument = { id: doc.id };
        for (const f of [...filterable, 'rank']) kept[f] = doc[f] ?? null;
        facetsOf.set(doc.id, kept);
      }
    },
    async search(query) {
      const filters: SearchFilters = query.filters ?? {};
      const page = query.page ?? 1;
      const perPage = query.hitsPerPage ?? 20;
      let matches: SearchDocument[];
      if (!query.q.trim()) {
        matches = [...facetsOf.values()].filter((d) => passesFilters(d, filters));
        matches.sort((a, b) => Number(b.rank) - Number(a.rank));
      } else {
        const results = index.search(query.q, { filter: (r) => passesFilters(facetsOf.get(r.id)!, filters) });
        matches = results.map((r) => facetsOf.get(r.id)!);
      }
      return {
        ids: matches.slice((page - 1) * perPage, page * perPage).map((d) => d.id),
        total: matches.length,
        facetCounts: countFacets(matches, query.facets ?? []),
      };
    },
  };
}

type OramaType = 'string' | 'string[]' | 'enum' | 'enum[]' | 'number' | 'boolean';

/** Orama 3: searchable text, filter copies of the facet attributes (typed for its `where`), native facets. */
function orama(): BenchEngine {
  // biome-ignore lint/suspicious/noExplicitAny: Orama's types are generic over the schema built at run time
  let db: any;
  let types: Record<string, OramaType> = {};
  let searchable: string[] = [];
  const key = (field: string) => `f_${field}`;
  return {
    name: 'Orama 3',
    async build(definition, _synonyms, docs) {
      searchable = definition.searchableAttributes;
      const schema: Record<string, OramaType> = {};
      for (const a of searchable) schema[a] = docs.some((d) => Array.isArray(d[a])) ? 'string[]' : 'string';
      types = {};
      for (const f of [...definition.filterableAttributes, 'rank']) {
        const sample = docs.find((d) => d[f] !== null && d[f] !== undefined)?.[f];
        const list = Array.isArray(sample);
        const first = list ? (sample as unknown[])[0] : sample;
        types[f] =
          typeof first === 'number' && !list
            ? 'number'
            : typeof first === 'boolean'
              ? 'boolean'
              : list
                ? 'enum[]'
                : 'enum';
        schema[key(f)] = types[f]!;
      }
      db = create({ schema });
      const rows = docs.map((d) => {
        const row: Record<string, unknown> = { id: d.id };
        for (const a of searchable) row[a] = schema[a] === 'string[]' ? values(d[a]).map(String) : String(d[a] ?? '');
        for (const f of Object.keys(types)) {
          const v = d[f];
          row[key(f)] =
            types[f] === 'enum[]' ? values(v).map(String) : types[f] === 'enum' ? String(v ?? '') : (v ?? undefined);
        }
        return row;
      });
      await insertMultiple(db, rows, 1000);
    },
    async search(query) {
      const where: Record<string, unknown> = {};
      for (const [field, condition] of Object.entries(query.filters ?? {})) {
        const type = types[field];
        const k = key(field);
        if (typeof condition === 'object' && condition !== null && !Array.isArray(condition)) {
          if ('not' in condition) {
            if (type === 'enum') where[k] = { nin: condition.not.map(String) };
          } else where[k] = condition; // a range
        } else {
          const wanted = Array.isArray(condition) ? condition : [condition];
          if (type === 'number') {
            const numbers = wanted.map(Number);
            where[k] = { between: [Math.min(...numbers), Math.max(...numbers)] };
          } else if (type === 'boolean') where[k] = wanted[0];
          else if (type === 'enum[]') where[k] = { containsAny: wanted.map(String) };
          else where[k] = { in: wanted.map(String) };
        }
      }
      const facets: Record<string, FacetDefinition> = {};
      for (const f of query.facets ?? []) {
        if (types[f] === 'number') facets[key(f)] = { ranges: [0, 1, 2, 3, 4, 5].map((n) => ({ from: n, to: n })) };
        else if (types[f] === 'boolean') facets[key(f)] = { true: true, false: true };
        else facets[key(f)] = { limit: 100_000 };
      }
      const words = tokenize(query.q);
      const perPage = query.hitsPerPage ?? 20;
      const result = await oramaSearch(db, {
        term: query.q,
        properties: searchable,
        tolerance: Math.max(0, ...words.map(allowedTypos)),
        boost: Object.fromEntries(searchable.map((a, i) => [a, searchable.length - i])),
        where,
        facets,
        limit: perPage,
        offset: ((query.page ?? 1) - 1) * perPage,
        ...(words.length === 0 ? { sortBy: { property: key('rank'), order: 'DESC' } } : {}),
      });
      const facetCounts: Record<string, Record<string, number>> = {};
      for (const f of query.facets ?? []) {
        const found = result.facets?.[key(f)]?.values ?? {};
        const counts: Record<string, number> = {};
        for (const [value, n] of Object.entries(found as Record<string, number>)) {
          if (n <= 0) continue;
          counts[types[f] === 'number' ? value.split('-')[0]! : value] = n;
        }
        facetCounts[f] = counts;
      }
      return { ids: result.hits.map((h: { id: string }) => h.id), total: result.count, facetCounts };
    },
  };
}

/** Every engine the bench knows, by key. */
export const ENGINES: Record<string, () => BenchEngine> = {
  embedded: () => native('embedded (ours, new)', () => new EmbeddedEngine()),
  reference: () => native('embedded (ours, before)', () => new ReferenceEngine()),
  minisearch: miniSearch,
  orama,
};
