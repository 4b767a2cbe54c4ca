import { isNot, isRange } from '#server/search/filters.ts';
import { MAX_QUERY_WORDS, tokenize } from '#server/search/text.ts';
import type { FilterValue, SearchDocument, SearchFilters, SearchQuery, SearchResult } from '#server/search/types.ts';
import type { IndexStore } from './store.ts';
import { allowedTypos, typoDistance } from './typos.ts';

/** Synonyms by query phrase (tokens joined by a space) → alternative token lists. */
export type SynonymMap = Map<string, string[][]>;

export interface WordMatch {
  word: string;
  typos: number;
  exact: boolean;
}

/** How one document matched one group of query words. */
interface GroupHit {
  typos: number;
  attribute: number;
  exact: number;
  words: string[];
}

/** One query word (or a phrase with synonyms) and its alternative spellings. */
interface Group {
  alternatives: { words: string[]; tolerant: boolean }[];
  isLast: boolean;
}

const MAX_SYNONYM_SPAN = 3;

/** Splits a query into groups, folding in synonyms of single words and short phrases. */
function buildGroups(q: string, synonyms: SynonymMap): Group[] {
  const tokens = tokenize(q).slice(0, MAX_QUERY_WORDS);
  const groups: Group[] = [];
  for (let i = 0; i < tokens.length; ) {
    let span = 1;
    let alternatives: string[][] | undefined;
    for (let s = Math.min(MAX_SYNONYM_SPAN, tokens.length - i); s >= 1; s--) {
      const found = synonyms.get(tokens.slice(i, i + s).join(' '));
      if (found) {
        span = s;
        alternatives = found;
        break;
      }
    }
    const original = tokens.slice(i, i + span);
    groups.push({
      alternatives: [
        { words: original, tolerant: true },
        ...(alternatives ?? []).map((words) => ({ words, tolerant: false })),
      ],
      isLast: i + span === tokens.length,
    });
    i += span;
  }
  return groups;
}

/** Index words a query word can stand for: itself, words it begins (last word only), and close misspellings. */
function expandWord(
  store: IndexStore,
  cache: Map<string, WordMatch[]>,
  word: string,
  prefix: boolean,
  tolerant: boolean,
): WordMatch[] {
  const key = `${prefix ? 'p' : 'w'}${tolerant ? 't' : 'x'}:${word}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const maxTypos = tolerant ? allowedTypos(word) : 0;
  const matches: WordMatch[] = [];
  // With two typos allowed the first letter may differ (at the cost of both typos).
  const buckets =
    maxTypos >= 2 ? [...store.vocabulary.values()] : [store.vocabulary.get(word[0]!) ?? new Set<string>()];
  for (const bucket of buckets) {
    for (const candidate of bucket) {
      if (candidate === word) {
        matches.push({ word: candidate, typos: 0, exact: true });
      } else if (maxTypos === 0) {
        if (prefix && candidate.startsWith(word)) matches.push({ word: candidate, typos: 0, exact: false });
      } else {
        const typos = typoDistance(word, candidate, maxTypos, prefix);
        if (typos <= maxTypos) matches.push({ word: candidate, typos, exact: false });
      }
    }
  }
  if (cache.size > 5000) cache.clear();
  cache.set(key, matches);
  return matches;
}

/** For one group: the best way each document matches it (fewest typos, best attribute). */
function matchGroup(store: IndexStore, cache: Map<string, WordMatch[]>, group: Group): Map<string, GroupHit> {
  const best = new Map<string, GroupHit>();
  for (const alternative of group.alternatives) {
    let perDoc: Map<string, GroupHit> | undefined;
    alternative.words.forEach((word, index) => {
      const prefix = group.isLast && index === alternative.words.length - 1;
      const wordHits = new Map<string, GroupHit>();
      for (const match of expandWord(store, cache, word, prefix, alternative.tolerant)) {
        for (const [docId, attribute] of store.postings.get(match.word) ?? []) {
          const current = wordHits.get(docId);
          if (
            !current ||
            match.typos < current.typos ||
            (match.typos === current.typos && attribute < current.attribute)
          ) {
            wordHits.set(docId, { typos: match.typos, attribute, exact: match.exact ? 1 : 0, words: [match.word] });
          }
        }
      }
      if (perDoc === undefined) {
        perDoc = wordHits;
        return;
      }
      const merged = new Map<string, GroupHit>();
      for (const [docId, hit] of perDoc) {
        const other = wordHits.get(docId);
        if (other) {
          merged.set(docId, {
            typos: hit.typos + other.typos,
            attribute: Math.min(hit.attribute, other.attribute),
            exact: hit.exact + other.exact,
            words: [...hit.words, ...other.words],
          });
        }
      }
      perDoc = merged;
    });
    for (const [docId, hit] of perDoc ?? []) {
      const current = best.get(docId);
      if (!current || hit.typos < current.typos || (hit.typos === current.typos && hit.attribute < current.attribute)) {
        best.set(docId, hit);
      }
    }
  }
  return best;
}

function valuesOf(doc: SearchDocument, field: string): (string | number | boolean)[] {
  const value = doc[field];
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const same = (a: string | number | boolean, b: FilterValue) => String(a) === String(b);

/** Whether a document passes every filter (AND across fields, OR within a list). */
export function passesFilters(doc: SearchDocument, filters: SearchFilters | undefined): boolean {
  if (!filters) return true;
  for (const [field, condition] of Object.entries(filters)) {
    const values = valuesOf(doc, field);
    if (isRange(condition)) {
      const ok = values.some(
        (v) =>
          typeof v === 'number' &&
          (condition.gte === undefined || v >= condition.gte) &&
          (condition.lte === undefined || v <= condition.lte),
      );
      if (!ok) return false;
    } else if (isNot(condition)) {
      if (values.some((v) => condition.not.some((c) => same(v, c)))) return false;
    } else {
      const wanted = Array.isArray(condition) ? condition : [condition];
      if (!values.some((v) => wanted.some((c) => same(v, c)))) return false;
    }
  }
  return true;
}

interface Candidate {
  id: string;
  doc: SearchDocument;
  words: number;
  typos: number;
  attribute: number;
  exact: number;
  matched: string[];
}

function compareField(a: SearchDocument, b: SearchDocument, spec: string): number {
  const [field, direction] = spec.split(':') as [string, string];
  const av = a[field];
  const bv = b[field];
  const aMissing = av === null || av === undefined;
  const bMissing = bv === null || bv === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1; // missing values sort last
  const order = av < bv ? -1 : av > bv ? 1 : 0;
  return direction === 'desc' ? -order : order;
}

/** Meilisearch's rule order: words, typo, (proximity), attribute, sort, exactness, then custom ranking. */
function compareDocs(a: Candidate, b: Candidate, sort: string[], customRanking: string[]): number {
  if (a.words !== b.words) return b.words - a.words;
  if (a.typos !== b.typos) return a.typos - b.typos;
  if (a.attribute !== b.attribute) return a.attribute - b.attribute;
  for (const spec of sort) {
    const c = compareField(a.doc, b.doc, spec);
    if (c !== 0) return c;
  }
  if (a.exact !== b.exact) return b.exact - a.exact;
  for (const spec of customRanking) {
    const c = compareField(a.doc, b.doc, spec);
    if (c !== 0) return c;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const rankedOrders = new WeakMap<IndexStore, { version: number; ids: string[] }>();

/** Every id of the index in custom-ranking order, cached per index version. */
function rankedOrder(store: IndexStore, customRanking: string[]): string[] {
  const cached = rankedOrders.get(store);
  if (cached && cached.version === store.version) return cached.ids;
  const entries = [...store.docs].map(([id, { doc }]) => ({
    id,
    doc,
    words: 0,
    typos: 0,
    attribute: 0,
    exact: 0,
    matched: [],
  }));
  entries.sort((a, b) => compareDocs(a, b, [], customRanking));
  const ids = entries.map((e) => e.id);
  rankedOrders.set(store, { version: store.version, ids });
  return ids;
}

/**
 * Runs a query the way Meilisearch's default ranking does: documents must match the
 * first query word, and rank by how many leading words they match ("last" matching
 * strategy), then fewer typos, then the more important attribute, then explicit sort,
 * then exact (not prefix or typo) matches, then the index's custom ranking.
 */
export function runQuery(
  store: IndexStore,
  synonyms: SynonymMap,
  cache: Map<string, WordMatch[]>,
  query: SearchQuery,
  customRanking: string[],
): SearchResult {
  const page = Math.max(1, Math.floor(query.page ?? 1));
  const hitsPerPage = Math.min(1000, Math.max(1, Math.floor(query.hitsPerPage ?? 20)));
  const groups = buildGroups(query.q ?? '', synonyms);
  const candidates: Candidate[] = [];

  const sort = query.sort ?? [];
  if (groups.length === 0) {
    // Placeholder search: only sort and custom ranking order the results. The ranked
    // order of the whole index is cached until the index changes, so browsing with
    // filters costs one pass instead of a sort of every document.
    const ordered = sort.length === 0 ? rankedOrder(store, customRanking) : [...store.docs.keys()];
    for (const id of ordered) {
      const doc = store.docs.get(id)!.doc;
      if (passesFilters(doc, query.filters))
        candidates.push({ id, doc, words: 0, typos: 0, attribute: 0, exact: 0, matched: [] });
    }
    if (sort.length > 0) candidates.sort((a, b) => compareDocs(a, b, sort, customRanking));
  } else {
    const perGroup = groups.map((g) => matchGroup(store, cache, g));
    for (const [id, first] of perGroup[0]!) {
      const stored = store.docs.get(id);
      if (!stored || !passesFilters(stored.doc, query.filters)) continue;
      const c: Candidate = {
        id,
        doc: stored.doc,
        words: 1,
        typos: first.typos,
        attribute: first.attribute,
        exact: first.exact,
        matched: [...first.words],
      };
      for (let g = 1; g < perGroup.length; g++) {
        const hit = perGroup[g]!.get(id);
        if (!hit) break;
        c.words++;
        c.typos += hit.typos;
        c.attribute += hit.attribute;
        c.exact += hit.exact;
        c.matched.push(...hit.words);
      }
      candidates.push(c);
    }
  }

  if (groups.length > 0) candidates.sort((a, b) => compareDocs(a, b, sort, customRanking));

  const facetCounts: Record<string, Record<string, number>> = {};
  for (const facet of query.facets ?? []) {
    const counts = new Map<string, number>();
    for (const c of candidates) {
      const value = c.doc[facet];
      if (value === null || value === undefined) continue;
      if (!Array.isArray(value)) {
        const key = String(value);
        counts.set(key, (counts.get(key) ?? 0) + 1);
        continue;
      }
      // Count documents, not occurrences: skip a value already seen in this document.
      for (let i = 0; i < value.length; i++) {
        const key = String(value[i]);
        let repeated = false;
        for (let j = 0; j < i; j++) if (String(value[j]) === key) repeated = true;
        if (!repeated) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    facetCounts[facet] = Object.fromEntries(counts);
  }

  const start = (page - 1) * hitsPerPage;
  return {
    hits: candidates
      .slice(start, start + hitsPerPage)
      .map((c) => ({ id: c.id, matchedTerms: [...new Set(c.matched)] })),
    total: candidates.length,
    page,
    hitsPerPage,
    facetCounts,
  };
}
