import { beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '#server/search/embedded/engine.ts';
import type { QueryStrategies } from '#server/search/embedded/query.ts';
import { limitFacet } from '#server/search/faceting.ts';
import { catalogueSynonyms } from '#server/search/synonyms.ts';
import type { FacetLimit, SearchDocument, SearchResult } from '#server/search/types.ts';
import { generatePeopleDocuments, PEOPLE_LIKE_DEFINITION, seeded } from '#tests/bench/engine/people-like.ts';
import { type GeneratedQuery, generateQueries } from '#tests/bench/engine/queries.ts';
import { ReferenceEngine } from '#tests/bench/engine/reference/engine.ts';

/**
 * The integer engine must answer exactly as the string-keyed engine it replaced (kept
 * in tests/bench/engine/reference): the same hits in the same order with the same
 * matched words, the same totals and the same facet counts, on thousands of generated
 * queries — typos, aliases, prefixes, several words, names, nonsense, with and without
 * filters and facets — under every filtering and counting strategy, and again after a
 * stream of updates and removals. Facet caps are off here (the old engine had none);
 * the caps have their own tests below and in the contract suite.
 */

const uncapped = { ...PEOPLE_LIKE_DEFINITION, faceting: { maxValuesPerFacet: 1_000_000 } };
const STRATEGIES: QueryStrategies[] = [
  {},
  { filters: 'bits', counts: 'documents' },
  { filters: 'check', counts: 'values' },
];

/** Facet counts compared as sets of entries: the new engine orders values as Meilisearch does. */
const comparable = (r: SearchResult) => ({
  ...r,
  facetCounts: Object.fromEntries(
    Object.entries(r.facetCounts).map(([facet, counts]) => [facet, Object.entries(counts).sort()]),
  ),
});

let docs: SearchDocument[];
let reference: ReferenceEngine;
let engine: EmbeddedEngine;
let queries: GeneratedQuery[];

async function fill(target: { replaceAll: EmbeddedEngine['replaceAll'] }, documents: SearchDocument[]) {
  await target.replaceAll(
    'people',
    (async function* () {
      for (let i = 0; i < documents.length; i += 500) yield documents.slice(i, i + 500);
    })(),
  );
}

async function mismatches(list: GeneratedQuery[]): Promise<string[]> {
  const found: string[] = [];
  for (const { kind, query } of list) {
    const expected = comparable(await reference.search('people', query));
    for (const strategies of STRATEGIES) {
      const actual = comparable(engine.searchNow('people', query, strategies));
      try {
        expect(actual).toEqual(expected);
      } catch {
        found.push(`${kind} ${JSON.stringify(query)} ${JSON.stringify(strategies)}`);
        break;
      }
    }
  }
  return found;
}

beforeAll(async () => {
  docs = generatePeopleDocuments(3000, 11);
  reference = new ReferenceEngine();
  engine = new EmbeddedEngine();
  await reference.applySettings([PEOPLE_LIKE_DEFINITION], catalogueSynonyms());
  await engine.applySettings([uncapped], catalogueSynonyms());
  await fill(reference, docs);
  await fill(engine, docs);
  queries = generateQueries(docs, catalogueSynonyms(), 3000, 5);
}, 60_000);

describe('the embedded engine against the engine it replaced', () => {
  it('generates every kind of query the comparison is about', () => {
    const kinds = new Set(queries.map((q) => q.kind));
    expect([...kinds].sort()).toEqual(['alias', 'empty', 'multi-word', 'name', 'noise', 'prefix', 'typo', 'word']);
    expect(queries.filter((q) => q.query.facets?.length === 11).length).toBeGreaterThan(1500);
    expect(queries.filter((q) => Object.keys(q.query.filters ?? {}).length > 0).length).toBeGreaterThan(1000);
  });

  it('answers 3,000 queries identically under every strategy', async () => {
    const differences = await mismatches(queries);
    expect(differences.slice(0, 5)).toEqual([]);
  }, 120_000);

  it('still answers identically after updates and removals', async () => {
    const random = seeded(99);
    const fresh = generatePeopleDocuments(600, 12);
    for (let i = 0; i < 600; i++) {
      const roll = random();
      if (roll < 0.4) {
        // Rewrite an existing document with another one's content.
        const doc = { ...fresh[i]!, id: docs[Math.floor(random() * docs.length)]!.id };
        await reference.upsert('people', [doc]);
        await engine.upsert('people', [doc]);
      } else if (roll < 0.7) {
        const id = docs[Math.floor(random() * docs.length)]!.id;
        await reference.remove('people', [id]);
        await engine.remove('people', [id]);
      } else {
        const doc = { ...fresh[i]!, id: `new-${i}` };
        await reference.upsert('people', [doc]);
        await engine.upsert('people', [doc]);
      }
    }
    const differences = await mismatches(queries.slice(0, 1000));
    expect(differences.slice(0, 5)).toEqual([]);
  }, 120_000);
});

describe('facet value caps', () => {
  // A reference of its own: the one above was changed by the update test.
  let full: ReferenceEngine;
  beforeAll(async () => {
    full = new ReferenceEngine();
    await full.applySettings([PEOPLE_LIKE_DEFINITION], catalogueSynonyms());
    await fill(full, docs);
  });

  it('keeps the first values in alphanumeric order by default (100, as Meilisearch)', async () => {
    const capped = new EmbeddedEngine();
    await capped.applySettings([PEOPLE_LIKE_DEFINITION], catalogueSynonyms());
    await fill(capped, docs);
    const counts = (await full.search('people', { q: '', facets: ['skillSlugs', 'maxLevel'] })).facetCounts;
    const result = capped.searchNow('people', { q: '', facets: ['skillSlugs', 'maxLevel'] }).facetCounts;
    const expected = Object.entries(counts.skillSlugs!)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .slice(0, 100);
    expect(Object.keys(counts.skillSlugs!).length).toBeGreaterThan(100);
    expect(Object.entries(result.skillSlugs!)).toEqual(expected);
    expect(result.maxLevel).toEqual(counts.maxLevel); // fewer values than the cap: all of them
  });

  it('keeps the most frequent values when a facet is sorted by count', async () => {
    const capped = new EmbeddedEngine();
    await capped.applySettings(
      [{ ...PEOPLE_LIKE_DEFINITION, faceting: { maxValuesPerFacet: 10, sortFacetValuesBy: { skillSlugs: 'count' } } }],
      catalogueSynonyms(),
    );
    await fill(capped, docs);
    for (const query of [{ q: '' }, { q: 'engineer', filters: { available: true } }]) {
      const counts = (await full.search('people', { ...query, facets: ['skillSlugs', 'languages'] })).facetCounts;
      const result = capped.searchNow('people', { ...query, facets: ['skillSlugs', 'languages'] }).facetCounts;
      const byCount = Object.entries(counts.skillSlugs!)
        .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
        .slice(0, 10);
      expect(Object.entries(result.skillSlugs!)).toEqual(byCount);
      const alpha = Object.entries(counts.languages!)
        .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
        .slice(0, 10);
      expect(Object.entries(result.languages!)).toEqual(alpha);
    }
  });
});

describe('facet limits', () => {
  /** A few of a facet's values (some common, some rare, one no document has) and a top for each query. */
  function limitsFor(counts: SearchResult['facetCounts'], random: () => number): Record<string, FacetLimit> {
    const limits: Record<string, FacetLimit> = {};
    for (const [facet, values] of Object.entries(counts)) {
      const known = Object.keys(values);
      const include = [known[Math.floor(random() * known.length)], known.at(-1), 'no-such-value'].filter(
        (v): v is string => v !== undefined,
      );
      // A record lists number-like keys first whatever the facet order, so `top` is for text values.
      const roll = known.some((v) => /^\d+$/.test(v)) ? 0 : random();
      if (roll < 0.35) limits[facet] = { include };
      else if (roll < 0.7) limits[facet] = { top: Math.floor(random() * 12), include };
      else if (roll < 0.85) limits[facet] = { top: Math.floor(random() * 12) };
    }
    return limits;
  }

  for (const order of ['count', 'alpha'] as const) {
    it(`cuts each facet as limitFacet cuts the whole answer, in the same order (${order} order, every strategy)`, async () => {
      const limited = new EmbeddedEngine();
      await limited.applySettings(
        [{ ...PEOPLE_LIKE_DEFINITION, faceting: { maxValuesPerFacet: 5000, sortFacetValuesBy: { '*': order } } }],
        catalogueSynonyms(),
      );
      await fill(limited, docs);
      const random = seeded(5);
      let narrowed = 0;
      for (const { query } of queries.filter((q) => (q.query.facets?.length ?? 0) > 0).slice(0, 600)) {
        const whole = limited.searchNow('people', query).facetCounts;
        const facetLimits = limitsFor(whole, random);
        const expected = Object.fromEntries(
          Object.entries(whole).map(([facet, values]) => [
            facet,
            Object.entries(limitFacet(values, facetLimits[facet])),
          ]),
        );
        for (const strategies of STRATEGIES) {
          const actual = limited.searchNow('people', { ...query, facetLimits }, strategies).facetCounts;
          const entries = Object.fromEntries(
            Object.entries(actual).map(([facet, values]) => [facet, Object.entries(values)]),
          );
          expect(entries, JSON.stringify({ query, facetLimits, strategies })).toEqual(expected);
        }
        narrowed += Object.values(facetLimits).filter((l) => !l.top).length;
      }
      expect(narrowed).toBeGreaterThan(500);
    }, 120_000);
  }
});
