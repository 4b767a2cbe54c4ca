import { facetingOf } from '#server/search/faceting.ts';
import type { SearchQuery, SearchResult } from '#server/search/types.ts';
import { type CountStrategy, countFacets } from './facet-count.ts';
import { documentCheck, type FilterStrategy, planFilters } from './filter-plan.ts';
import { buildGroups, type Group, type SynonymMap } from './groups.ts';
import { Matcher, matchedWords } from './match.ts';
import { Candidates, type ColumnOrder, candidateOrder, topK } from './rank.ts';
import type { IndexStore } from './store.ts';

/** Forces a strategy where the engine chooses by cost; for tests that check every strategy answers alike. */
export interface QueryStrategies {
  filters?: FilterStrategy;
  counts?: CountStrategy;
}

// A search runs synchronously from start to end, so one set of scratch arrays per index
// serves all its searches; it goes with the index (a replaced index takes its own along).
const scratches = new WeakMap<IndexStore, { matcher: Matcher; candidates: Candidates }>();

function scratchOf(store: IndexStore): { matcher: Matcher; candidates: Candidates } {
  let scratch = scratches.get(store);
  if (!scratch) {
    scratch = { matcher: new Matcher(), candidates: new Candidates() };
    scratches.set(store, scratch);
  }
  return scratch;
}

function columnOrders(store: IndexStore, specs: readonly string[]): ColumnOrder[] {
  return specs.map((spec) => {
    const [field, direction] = spec.split(':') as [string, string];
    const column = store.columns.get(field);
    if (!column) throw new Error(`"${field}" is not sortable`);
    return { column, desc: direction === 'desc' };
  });
}

/** Upper bound on the documents the first group matches: the postings of its words' expansions. */
function firstGroupPostings(store: IndexStore, group: Group): number {
  let total = 0;
  for (const alternative of group.alternatives) {
    const prefix = group.isLast && alternative.words.length === 1;
    total += store.vocabulary.expand(alternative.words[0]!, prefix, alternative.tolerant).postings;
  }
  return total;
}

/** Every document that passes the filters, unranked (an empty query). */
function collectAll(
  store: IndexStore,
  candidates: Candidates,
  query: SearchQuery,
  strategies: QueryStrategies,
): boolean {
  const plan = planFilters(store, query.filters, store.size, strategies.filters);
  if (plan.kind === 'none') return false;
  const live = store.live;
  const bits = plan.kind === 'bits' ? plan.bits : null;
  const check = plan.kind === 'check' ? documentCheck(store, plan.conditions) : null;
  try {
    const words = (store.capacity + 31) >>> 5;
    for (let w = 0; w < words; w++) {
      let word = bits ? bits[w]! & live[w]! : live[w]!;
      while (word !== 0) {
        const bit = word & -word;
        const slot = (w << 5) + 31 - Math.clz32(bit);
        word ^= bit;
        if (check && !check.passes(slot)) continue;
        candidates.push(slot, 0, 0, 0);
      }
    }
  } finally {
    check?.release();
  }
  return plan.kind === 'all';
}

/** Documents matching the first group and passing the filters, then how many following groups each also matches. */
function collectMatches(
  store: IndexStore,
  { matcher, candidates }: { matcher: Matcher; candidates: Candidates },
  groups: Group[],
  query: SearchQuery,
  strategies: QueryStrategies,
): void {
  const plan = planFilters(store, query.filters, firstGroupPostings(store, groups[0]!), strategies.filters);
  if (plan.kind === 'none') return;
  const vocabulary = store.vocabulary;
  matcher.matchGroup(vocabulary, store.capacity, groups[0]!, plan.kind === 'bits' ? plan.bits : null);
  const first = matcher.group;
  const check = plan.kind === 'check' ? documentCheck(store, plan.conditions) : null;
  try {
    for (let k = 0; k < first.count; k++) {
      const slot = first.list[k]!;
      if (check && !check.passes(slot)) continue;
      candidates.push(slot, first.typos[slot]!, first.attribute[slot]!, first.exact[slot]!);
    }
  } finally {
    check?.release();
  }
  if (groups.length === 1 || candidates.count === 0) return;

  // Later groups only matter for the candidates: match them alone.
  const only = new Uint32Array((store.capacity + 31) >>> 5);
  for (let i = 0; i < candidates.count; i++) {
    const slot = candidates.slot[i]!;
    only[slot >>> 5]! |= 1 << (slot & 31);
  }
  for (let g = 1; g < groups.length; g++) {
    let chained = false;
    for (let i = 0; i < candidates.count && !chained; i++) chained = candidates.words[i] === g;
    if (!chained) break;
    matcher.matchGroup(vocabulary, store.capacity, groups[g]!, only);
    const hit = matcher.group;
    for (let i = 0; i < candidates.count; i++) {
      const slot = candidates.slot[i]!;
      if (candidates.words[i] !== g || !hit.has(slot)) continue;
      candidates.words[i]!++;
      candidates.typos[i]! += hit.typos[slot]!;
      candidates.attribute[i]! += hit.attribute[slot]!;
      candidates.exact[i]! += hit.exact[slot]!;
    }
  }
}

/**
 * Runs a query the way Meilisearch's default ranking does: documents must match the
 * first query word, and rank by how many leading words they match ("last" matching
 * strategy), then fewer typos, then the more important attribute, then explicit sort,
 * then exact (not prefix or typo) matches, then the index's custom ranking. Filters are
 * applied before the text is matched when a bitset of them is cheap, otherwise to each
 * candidate; only the requested page is ranked in full (a bounded heap picks it).
 */
export function runQuery(
  store: IndexStore,
  synonyms: SynonymMap,
  query: SearchQuery,
  strategies: QueryStrategies = {},
) {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const hitsPerPage = Math.min(1000, Math.max(1, Math.floor(query.hitsPerPage ?? 20)));
  const groups = buildGroups(query.q ?? '', synonyms);
  const sort = columnOrders(store, query.sort ?? []);
  const custom = columnOrders(store, store.definition.customRanking);

  const scratch = scratchOf(store);
  const candidates = scratch.candidates;
  candidates.fit(store.capacity);
  candidates.count = 0;
  let everyDocument = false;
  if (groups.length === 0) everyDocument = collectAll(store, candidates, query, strategies);
  else collectMatches(store, scratch, groups, query, strategies);

  const total = candidates.count;
  const start = (page - 1) * hitsPerPage;
  const order =
    start < total ? topK(total, start + hitsPerPage, candidateOrder(candidates, store.ids, sort, custom)) : [];
  const hits: SearchResult['hits'] = [];
  for (let i = start; i < order.length; i++) {
    const c = order[i]!;
    const slot = candidates.slot[c]!;
    const from = store.docStart[slot]!;
    hits.push({
      id: store.ids[slot]!,
      matchedTerms:
        groups.length === 0
          ? []
          : matchedWords(
              store.vocabulary,
              store.docData.subarray(from, from + store.docWords[slot]!),
              groups,
              candidates.words[c]!,
            ),
    });
  }
  const facetCounts =
    query.facets && query.facets.length > 0
      ? countFacets(
          store,
          query.facets,
          candidates.slot,
          total,
          everyDocument,
          facetingOf(store.definition),
          strategies.counts,
          query.facetLimits,
        )
      : {};
  return { hits, total, page, hitsPerPage, facetCounts } satisfies SearchResult;
}
