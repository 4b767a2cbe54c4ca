import type { IndexDefinition, SearchDocument } from '#server/search/types.ts';
import type { BenchEngine } from './adapters.ts';

/**
 * The contract behaviours the engine comparison scores, on a handful of people (the
 * contract suite's own fixtures, trimmed): each check passes when the engine answers
 * as the contract suite (tests/integration/server/search/contract.test.ts) requires.
 */

export const BEHAVIOUR_DEFINITION: IndexDefinition = {
  name: 'people',
  searchableAttributes: ['name', 'skills', 'headline'],
  filterableAttributes: ['seniority', 'languages'],
  sortableAttributes: ['rank'],
  customRanking: ['rank:desc'],
};

export const BEHAVIOUR_SYNONYMS = { k8s: ['kubernetes'], gha: ['github actions'] };

const person = (id: string, name: string, skills: string[], headline: string, seniority: string, rank: number) => ({
  id,
  name,
  skills,
  headline,
  seniority,
  languages: ['English'],
  rank,
});

export const BEHAVIOUR_DOCS: SearchDocument[] = [
  person('ada', 'Ada Lindqvist', ['Kubernetes', 'Docker', 'Terraform'], 'Platform engineer', 'senior', 10),
  person('bo', 'Bo Chen', ['Kubernetes'], 'Learning cloud things', 'junior', 1),
  person('cy', 'Cy Okafor', ['PostgreSQL', 'Python'], 'Data engineer', 'staff', 7),
  person('di', 'Di Santos', ['Bun', 'htmx', 'TypeScript'], 'Junior dev teaching new tools', 'junior', 8),
  person('fa', 'Fatima Rahman', ['GitHub Actions', 'Go'], 'CI/CD enthusiast', 'senior', 6),
  person('gu', 'Gus Docker', ['Rust'], 'Systems programmer', 'student', 2),
  person('ha', 'Hana Sato', ['Python', 'Machine learning'], 'ML engineer who likes kubernetes too', 'manager', 4),
];

const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

type Check = (engine: BenchEngine) => Promise<boolean>;

const ids = async (engine: BenchEngine, q: string) => (await engine.search({ q, hitsPerPage: 50 })).ids;

/** The behaviours, each a check that an engine either passes or fails. */
export const BEHAVIOURS: { name: string; check: Check }[] = [
  {
    name: 'typo: a swap of two letters is one typo ("dokcer")',
    check: async (e) => same(await ids(e, 'dokcer'), ['ada', 'gu']),
  },
  {
    name: 'typo: a wrong first letter counts double ("rocker" finds nobody, "jubernetes" finds Kubernetes)',
    check: async (e) => same(await ids(e, 'rocker'), []) && same(await ids(e, 'jubernetes'), ['ada', 'bo', 'ha']),
  },
  {
    name: 'typo: none in words under 5 letters ("bnu")',
    check: async (e) => same(await ids(e, 'bnu'), []),
  },
  {
    name: 'typo in the last word ("docker kubrenetes" ranks Ada first)',
    check: async (e) => (await ids(e, 'docker kubrenetes'))[0] === 'ada',
  },
  {
    name: 'prefix on the last word ("kube")',
    check: async (e) => same(await ids(e, 'kube'), ['ada', 'bo', 'ha']),
  },
  {
    name: 'prefix only on the last word, first word required ("kube docker" finds nobody)',
    check: async (e) => same(await ids(e, 'kube docker'), []),
  },
  {
    name: 'synonyms ("k8s", "gha")',
    check: async (e) => same(await ids(e, 'k8s'), ['ada', 'bo', 'ha']) && (await ids(e, 'gha')).includes('fa'),
  },
  {
    name: 'facet counts over all matches, with a filter',
    check: async (e) => {
      const r = await e.search({
        q: 'kubernetes',
        hitsPerPage: 1,
        facets: ['seniority'],
        filters: { languages: 'English' },
      });
      const counts = r.facetCounts.seniority ?? {};
      return r.total === 3 && counts.senior === 1 && counts.junior === 1 && counts.manager === 1;
    },
  },
];
