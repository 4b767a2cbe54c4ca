import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '#server/search/embedded/engine.ts';
import { SearchQueryError } from '#server/search/filters.ts';
import { MeiliEngine } from '#server/search/meilisearch/engine.ts';
import type { IndexDefinition, SearchDocument, SearchEngine, SearchQuery } from '#server/search/types.ts';

/**
 * One contract, two engines: everything the site relies on from search must behave
 * the same on the embedded engine and on Meilisearch. The Meilisearch half needs a live
 * server (MEILI_HOST, optionally MEILI_API_KEY); without one it is reported as skipped.
 */

const definition: IndexDefinition = {
  name: 'people',
  searchableAttributes: ['name', 'skills', 'headline', 'location'],
  filterableAttributes: ['seniority', 'languages', 'teaches', 'rank', 'open', 'available'],
  sortableAttributes: ['rank', 'joined'],
  customRanking: ['rank:desc'],
};

/** The same documents under facet caps: two values per facet, languages by count. */
const capped: IndexDefinition = {
  ...definition,
  name: 'events',
  faceting: { maxValuesPerFacet: 2, sortFacetValuesBy: { '*': 'alpha', languages: 'count' } },
};

const synonyms = { k8s: ['kubernetes'], postgres: ['postgresql'], js: ['javascript'], gha: ['github actions'] };

const doc = (d: Partial<SearchDocument> & { id: string }): SearchDocument => ({
  name: '',
  skills: [],
  headline: '',
  location: '',
  seniority: 'mid',
  languages: ['English'],
  teaches: [],
  open: [],
  rank: 0,
  joined: 0,
  available: false,
  ...d,
});

const fixtures: SearchDocument[] = [
  doc({
    id: 'ada',
    name: 'Ada Lindqvist',
    skills: ['Kubernetes', 'Docker', 'Terraform'],
    headline: 'Platform engineer',
    seniority: 'senior',
    languages: ['English', 'Swedish'],
    teaches: ['kubernetes', 'docker'],
    open: ['adhoc', 'ongoing'],
    rank: 10,
    joined: 5,
    available: true,
  }),
  doc({
    id: 'bo',
    name: 'Bo Chen',
    skills: ['Kubernetes'],
    headline: 'Learning cloud things',
    seniority: 'junior',
    languages: ['English', 'Mandarin'],
    rank: 1,
    joined: 9,
  }),
  doc({
    id: 'cy',
    name: 'Cy Okafor',
    skills: ['PostgreSQL', 'Python'],
    headline: 'Data engineer',
    seniority: 'staff',
    teaches: ['postgresql'],
    open: ['adhoc'],
    rank: 7,
    joined: 2,
  }),
  doc({
    id: 'di',
    name: 'Di Santos',
    skills: ['Bun', 'htmx', 'TypeScript'],
    headline: 'Junior dev teaching new tools',
    seniority: 'junior',
    languages: ['Portuguese', 'English'],
    teaches: ['bun', 'htmx'],
    open: ['reverse', 'adhoc'],
    rank: 8,
    joined: 8,
    available: true,
  }),
  doc({
    id: 'ed',
    name: 'Ed Müller',
    skills: ['JavaScript', 'Node.js'],
    headline: 'Backend developer',
    seniority: 'mid',
    languages: ['German', 'English'],
    rank: 3,
    joined: 4,
  }),
  doc({
    id: 'fa',
    name: 'Fatima Rahman',
    skills: ['GitHub Actions', 'Go'],
    headline: 'CI/CD enthusiast',
    seniority: 'senior',
    languages: ['English', 'Bengali'],
    teaches: ['github actions'],
    rank: 6,
    joined: 7,
  }),
  doc({
    id: 'gu',
    name: 'Gus Docker',
    skills: ['Rust'],
    headline: 'Systems programmer',
    seniority: 'student',
    languages: ['English', 'Swedish'],
    rank: 2,
    joined: 1,
  }),
  doc({
    id: 'ha',
    name: 'Hana Sato',
    skills: ['Python', 'Machine learning'],
    headline: 'ML engineer who likes kubernetes too',
    seniority: 'manager',
    languages: ['Japanese', 'English'],
    rank: 4,
    joined: 3,
  }),
];

const meiliHost = process.env.TEST_MEILI_HOST ?? process.env.MEILI_HOST;

const engines: { name: string; make: () => SearchEngine; available: boolean }[] = [
  { name: 'embedded engine', make: () => new EmbeddedEngine(), available: true },
  {
    name: 'meilisearch engine (needs MEILI_HOST)',
    make: () =>
      new MeiliEngine({
        host: meiliHost ?? '',
        apiKey: process.env.TEST_MEILI_API_KEY ?? process.env.MEILI_API_KEY,
        prefix: `contract_${process.pid}_${Date.now()}_`,
      }),
    available: Boolean(meiliHost),
  },
];

for (const { name, make, available } of engines) {
  describe.skipIf(!available)(name, () => {
    let engine: SearchEngine;
    const ids = async (query: SearchQuery) => (await engine.search('people', query)).hits.map((h) => h.id);
    const idSet = async (query: SearchQuery) => new Set(await ids({ hitsPerPage: 100, ...query }));

    beforeAll(async () => {
      engine = make();
      await engine.applySettings([definition, capped], synonyms);
      for (const index of ['people', 'events'] as const) {
        await engine.replaceAll(
          index,
          (async function* () {
            yield fixtures;
          })(),
        );
      }
    }, 120_000);

    afterAll(async () => {
      if (engine instanceof MeiliEngine) {
        const { Meilisearch } = await import('meilisearch');
        const client = new Meilisearch({
          host: meiliHost!,
          apiKey: process.env.TEST_MEILI_API_KEY ?? process.env.MEILI_API_KEY,
        });
        await client.deleteIndex(engine.uid('people')).waitTask();
        await client.deleteIndex(engine.uid('events')).waitTask();
      }
    });

    it('finds exact words in any searchable attribute', async () => {
      expect(await idSet({ q: 'kubernetes' })).toEqual(new Set(['ada', 'bo', 'ha']));
    });

    it('tolerates one typo in words of 5+ letters ("kubernets", "postgrse")', async () => {
      expect(await idSet({ q: 'kubernets' })).toEqual(await idSet({ q: 'kubernetes' }));
      expect(await idSet({ q: 'postgrse' })).toEqual(new Set(['cy']));
      expect(await idSet({ q: 'pythn' })).toEqual(new Set(['cy', 'ha']));
    });

    it('tolerates two typos only in words of 9+ letters', async () => {
      expect(await idSet({ q: 'kubarnetis' })).toContain('ada');
      expect(await idSet({ q: 'terrafrm' })).toEqual(new Set(['ada']));
      expect(await idSet({ q: 'tarrafrm' })).toEqual(new Set());
    });

    it('tolerates no typo in short words, and counts a wrong first letter double', async () => {
      expect(await idSet({ q: 'bun' })).toEqual(new Set(['di']));
      expect(await idSet({ q: 'bnu' })).toEqual(new Set());
      expect(await idSet({ q: 'rocker' })).toEqual(new Set());
    });

    it('matches the last word as a prefix ("kube")', async () => {
      expect(await idSet({ q: 'kube' })).toEqual(new Set(['ada', 'bo', 'ha']));
      expect(await idSet({ q: 'terr' })).toEqual(new Set(['ada']));
    });

    it('matches only the last word as a prefix, and requires the first word', async () => {
      expect(await ids({ q: 'docker kube' })).toEqual(['ada', 'gu']); // both words, then "docker" alone
      expect(await idSet({ q: 'kube docker' })).toEqual(new Set()); // "kube" is not last: no word is just "kube"
    });

    it('counts a swap of neighbouring letters as one typo, also in the last word', async () => {
      expect(await idSet({ q: 'dokcer' })).toEqual(new Set(['ada', 'gu']));
      expect((await ids({ q: 'docker kubrenetes' }))[0]).toBe('ada');
      expect(await idSet({ q: 'pyhton' })).toEqual(new Set(['cy', 'ha']));
    });

    it('lets a long word pay two typos for a wrong first letter', async () => {
      expect(await idSet({ q: 'jubernetes' })).toEqual(new Set(['ada', 'bo', 'ha']));
      expect(await idSet({ q: 'tocker' })).toEqual(new Set());
    });

    it('expands skill aliases as synonyms ("k8s", "postgres", "js", "gha")', async () => {
      expect(await idSet({ q: 'k8s' })).toEqual(new Set(['ada', 'bo', 'ha']));
      expect(await idSet({ q: 'postgres' })).toEqual(new Set(['cy']));
      expect(await idSet({ q: 'js' })).toContain('ed');
      expect(await idSet({ q: 'gha' })).toContain('fa');
    });

    it('reports which document words matched', async () => {
      const result = await engine.search('people', { q: 'kubernets' });
      for (const hit of result.hits) expect(hit.matchedTerms).toContain('kubernetes');
    });

    it('ranks documents matching more query words first, then by attribute', async () => {
      const order = await ids({ q: 'kubernetes docker' });
      expect(order[0]).toBe('ada'); // both words
      expect(order.slice(1, 3)).toEqual(['bo', 'ha']); // kubernetes only: in skills beats in headline
      expect(order).not.toContain('gu'); // "docker" alone does not qualify: the first word must match
    });

    it('ranks an exact word above a typo, and a better attribute above a worse one', async () => {
      expect((await ids({ q: 'docker' }))[0]).toBe('gu'); // name beats skills
      const byRank = await ids({ q: 'python' });
      expect(byRank).toEqual(['cy', 'ha']); // same attribute, custom ranking decides
    });

    it('counts facet values over all matches, not just the page', async () => {
      const result = await engine.search('people', { q: '', facets: ['seniority', 'languages'], hitsPerPage: 2 });
      expect(result.total).toBe(fixtures.length);
      expect(result.hits).toHaveLength(2);
      expect(result.facetCounts.seniority).toEqual({ senior: 2, junior: 2, staff: 1, mid: 1, student: 1, manager: 1 });
      expect(result.facetCounts.languages?.English).toBe(8);
      expect(result.facetCounts.languages?.German).toBe(1);
    });

    it('caps facet values as the index says: first values alphanumerically, or the most frequent', async () => {
      const result = await engine.search('events', { q: '', facets: ['seniority', 'languages', 'available'] });
      expect(result.facetCounts.seniority).toEqual({ junior: 2, manager: 1 });
      expect(result.facetCounts.languages).toEqual({ English: 8, Swedish: 2 });
      expect(result.facetCounts.available).toEqual({ false: 6, true: 2 });
    });

    it('returns only the part of a facet a query asks for: the first values, plus named ones', async () => {
      const result = await engine.search('people', {
        q: '',
        facets: ['seniority', 'languages', 'teaches', 'available'],
        facetLimits: {
          seniority: { top: 2 },
          languages: { include: ['German', 'Klingon'] },
          teaches: { top: 1, include: ['postgresql'] },
        },
      });
      expect(Object.entries(result.facetCounts.seniority!)).toEqual([
        ['junior', 2],
        ['manager', 1],
      ]);
      expect(result.facetCounts.languages).toEqual({ German: 1 });
      expect(Object.entries(result.facetCounts.teaches!)).toEqual([
        ['bun', 1],
        ['postgresql', 1],
      ]);
      expect(result.facetCounts.available).toEqual({ false: 6, true: 2 }); // no limit: every value
      // Within the cap: a named value the cap leaves out is not brought back.
      const capped = await engine.search('events', {
        q: '',
        facets: ['languages'],
        facetLimits: { languages: { top: 1, include: ['Swedish', 'German'] } },
      });
      expect(Object.entries(capped.facetCounts.languages!)).toEqual([
        ['English', 8],
        ['Swedish', 2],
      ]);
    });

    it('counts boolean and number values, and filters on them', async () => {
      const result = await engine.search('people', {
        q: '',
        facets: ['available', 'rank'],
        filters: { available: true },
      });
      expect(result.facetCounts.available).toEqual({ true: 2 });
      expect(result.facetCounts.rank).toEqual({ 8: 1, 10: 1 });
      expect(await idSet({ q: '', filters: { rank: 10 } })).toEqual(new Set(['ada']));
      expect(await idSet({ q: '', filters: { available: false, seniority: 'junior' } })).toEqual(new Set(['bo']));
    });

    it('matches nothing for a value no document has, and excluding one excludes nobody', async () => {
      expect(await idSet({ q: '', filters: { seniority: 'intern' } })).toEqual(new Set());
      expect((await engine.search('people', { q: 'kubernetes', filters: { seniority: 'intern' } })).total).toBe(0);
      expect((await engine.search('people', { q: '', filters: { seniority: { not: ['intern'] } } })).total).toBe(8);
    });

    it('applies facets to the filtered matches', async () => {
      const result = await engine.search('people', {
        q: 'kubernetes',
        facets: ['seniority'],
        filters: { languages: 'English' },
      });
      expect(result.facetCounts.seniority).toEqual({ senior: 1, junior: 1, manager: 1 });
    });

    it('combines filters: OR within a field, AND across fields, ranges and exclusions', async () => {
      expect(await idSet({ q: '', filters: { seniority: ['junior', 'student'] } })).toEqual(
        new Set(['bo', 'di', 'gu']),
      );
      expect(await idSet({ q: '', filters: { seniority: ['junior', 'student'], languages: 'English' } })).toEqual(
        new Set(['bo', 'di', 'gu']),
      );
      expect(await idSet({ q: '', filters: { seniority: ['junior', 'student'], languages: 'Portuguese' } })).toEqual(
        new Set(['di']),
      );
      expect(await idSet({ q: '', filters: { rank: { gte: 6, lte: 8 } } })).toEqual(new Set(['cy', 'di', 'fa']));
      expect(await idSet({ q: '', filters: { teaches: 'kubernetes', open: ['adhoc'] } })).toEqual(new Set(['ada']));
      expect(await idSet({ q: 'kubernetes', filters: { seniority: { not: ['junior'] } } })).toEqual(
        new Set(['ada', 'ha']),
      );
    });

    it('paginates with a stable total, disjoint pages and an empty page past the end', async () => {
      const pages = await Promise.all(
        [1, 2, 3].map((page) => engine.search('people', { q: '', hitsPerPage: 3, page })),
      );
      expect(pages.map((p) => p.total)).toEqual([8, 8, 8]);
      const seen = pages.flatMap((p) => p.hits.map((h) => h.id));
      expect(seen).toHaveLength(8);
      expect(new Set(seen).size).toBe(8);
      const past = await engine.search('people', { q: '', hitsPerPage: 3, page: 9 });
      expect(past.hits).toEqual([]);
      expect(past.total).toBe(8);
    });

    it('ranks a text query the same whether it is read in one page or page by page', async () => {
      const whole = await ids({ q: 'engineer', hitsPerPage: 10 });
      const pages = await Promise.all([1, 2, 3].map((page) => ids({ q: 'engineer', hitsPerPage: 1, page })));
      expect(whole).toEqual(['ada', 'cy', 'ha']); // all three in the headline: custom ranking decides
      expect(pages.flat()).toEqual(whole);
    });

    it('returns everything for an empty query, ordered by an explicit sort', async () => {
      expect(await ids({ q: '', sort: ['joined:asc'], hitsPerPage: 100 })).toEqual([
        'gu',
        'cy',
        'ha',
        'ed',
        'ada',
        'fa',
        'di',
        'bo',
      ]);
    });

    it('copes with a very long query', async () => {
      const long = `kubernetes ${'lorem ipsum dolor '.repeat(400)}`;
      const result = await engine.search('people', { q: long });
      expect(result.hits.map((h) => h.id)).toContain('ada');
    });

    it('refuses filters and sorts on undeclared attributes', async () => {
      await expect(engine.search('people', { q: '', filters: { name: 'Ada' } })).rejects.toBeInstanceOf(
        SearchQueryError,
      );
      await expect(engine.search('people', { q: '', sort: ['name:asc'] })).rejects.toBeInstanceOf(SearchQueryError);
    });

    it('updates and deletes documents', async () => {
      await engine.upsert('people', [{ ...fixtures[6]!, skills: ['Rust', 'Zig'] }]);
      expect(await idSet({ q: 'zig' })).toEqual(new Set(['gu']));
      expect((await engine.search('people', { q: 'zig', facets: ['seniority'] })).facetCounts.seniority).toEqual({
        student: 1,
      });
      await engine.upsert('people', [{ ...fixtures[6]!, skills: ['Zig'], seniority: 'junior' }]);
      expect(await idSet({ q: 'rust' })).toEqual(new Set());
      expect((await engine.search('people', { q: '', facets: ['seniority'] })).facetCounts.seniority).toMatchObject({
        junior: 3,
      });
      await engine.remove('people', ['gu']);
      expect(await idSet({ q: 'zig' })).toEqual(new Set());
      expect(await idSet({ q: 'rust' })).toEqual(new Set());
      expect((await engine.search('people', { q: '' })).total).toBe(7);
      const after = await engine.search('people', { q: '', facets: ['seniority', 'languages'] });
      expect(after.facetCounts.seniority?.student).toBeUndefined();
      expect(after.facetCounts.languages?.Swedish).toBe(1);
      await engine.remove('people', ['gu']); // removing twice is harmless
    });

    it('replaces a whole index at once', async () => {
      await engine.replaceAll(
        'people',
        (async function* () {
          yield [doc({ id: 'new-1', name: 'Nia Fresh', skills: ['Elixir'] })];
          yield [doc({ id: 'new-2', name: 'Omar Fresh', skills: ['Elixir', 'Phoenix'] })];
        })(),
      );
      expect(await idSet({ q: 'elixir' })).toEqual(new Set(['new-1', 'new-2']));
      expect(await idSet({ q: 'kubernetes' })).toEqual(new Set());
    });

    it('reports itself healthy', async () => {
      expect((await engine.health()).ok).toBe(true);
    });
  });
}
