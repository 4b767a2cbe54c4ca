import { letterMask, missingLetters } from '#server/search/text.ts';
import { normalizeSkillName } from './skills.ts';

/** A catalogue skill as the matchers see it: names already normalised. */
export interface CatalogueSkill {
  id: number;
  slug: string;
  name: string;
  /** `normalizeSkillName(name)`. */
  normalized: string;
  /** Normalised aliases ("k8s"). */
  aliases: string[];
  category: string;
  curated: boolean;
  /** Members who list the skill (any visibility); ranks suggestions and hides unused member-made skills. */
  members: number;
}

export type MatchKind = 'exact' | 'prefix' | 'substring' | 'typo';

export interface SkillMatch {
  skill: CatalogueSkill;
  /** The alias that matched, when the match came through one ("k8s" for Kubernetes). */
  alias: string | null;
  kind: MatchKind;
  score: number;
}

// Three reusable rows for `editDistance`: it runs for every catalogue name on every
// search, and fresh arrays per call made it the largest part of naming a query's skill.
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Edit distance with transpositions (optimal string alignment), giving up as soon as
 * it must exceed `max`: "kubernets"→"kubernetes" is 1, "postgrse"→"postgres" is 1.
 * `bLength` compares `a` with the first `bLength` characters of `b` (a typed prefix).
 */
export function editDistance(a: string, b: string, max = Infinity, bLength = b.length): number {
  const n = Math.min(bLength, b.length);
  if (Math.abs(a.length - n) > max) return max + 1;
  if (n === b.length && a === b) return 0;
  if (rows[0].length <= n) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let [prevPrev, prev, row] = rows;
  // Rows are reused between calls: only the cells this call reads are set before they are read.
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        value = Math.min(value, prevPrev[j - 2]! + 1);
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = row;
    row = spare;
  }
  return prev[n]!;
}

/** Typos forgiven for a word of this length, as the search engines do: 1 from 5 letters, 2 from 9. */
export function typoBudget(length: number): number {
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

const KINDS: readonly MatchKind[] = ['exact', 'prefix', 'substring', 'typo'];
/** A score and its kind as one number (`score * 4 + kind`): scoring runs for every catalogue name. */
const scored = (score: number, kind: number) => score * 4 + kind;
const scoreOf = (value: number) => Math.floor(value / 4);
const NO_MATCH = 0;

/**
 * Letter counts for `surplusLetters`: a–z, 0–9, then every other character together
 * (normalised names are lower case; "c#" and "c++" keep their signs).
 */
const BUCKETS = 37;

function bucketOf(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 22;
  return 36;
}

function countLetters(text: string, into: Uint8Array, at: number): void {
  for (let i = 0; i < text.length; i++) {
    const bucket = at + bucketOf(text.charCodeAt(i));
    if (into[bucket]! < 255) into[bucket]!++;
  }
}

/** The letter counts of one text (BUCKETS long). */
function letterCounts(text: string): Uint8Array {
  const counts = new Uint8Array(BUCKETS);
  countLetters(text, counts, 0);
  return counts;
}

/**
 * Every catalogue name and alias, in catalogue order (a skill's name, then its aliases),
 * as the screens read them: its `letterMask`, and its letter counts (BUCKETS per name,
 * see `countLetters`). Made once per catalogue: the same thousands of names are scored
 * on every search that names a new word; a lookup by name per candidate was a tenth of
 * it, and "did you mean" (up to 40% of a word in typos, which the masks barely narrow)
 * took most of the catalogue to the edit distance without the counts.
 */
interface CatalogueNames {
  letters: Int32Array;
  counts: Uint8Array;
}

const namesByCatalogue = new WeakMap<readonly CatalogueSkill[], CatalogueNames>();

function catalogueNames(catalogue: readonly CatalogueSkill[]): CatalogueNames {
  let names = namesByCatalogue.get(catalogue);
  if (!names) {
    let size = 0;
    for (const skill of catalogue) size += 1 + skill.aliases.length;
    names = { letters: new Int32Array(size), counts: new Uint8Array(size * BUCKETS) };
    let at = 0;
    for (const skill of catalogue) {
      for (const name of [skill.normalized, ...skill.aliases]) {
        names.letters[at] = letterMask(name);
        countLetters(name, names.counts, at * BUCKETS);
        at++;
      }
    }
    namesByCatalogue.set(catalogue, names);
  }
  return names;
}

/**
 * How many letters the counts of `a` (at `aAt`) hold beyond those of `b` (at `bAt`): a
 * lower bound on the edit distance from a's text to b's, or to any prefix of b's text.
 * An insertion, deletion or substitution changes the surplus by at most one, a
 * transposition not at all; the larger surplus of the two ways bounds the distance.
 */
function surplusLetters(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number): number {
  let surplus = 0;
  for (let i = 0; i < BUCKETS; i++) {
    const difference = a[aAt + i]! - b[bAt + i]!;
    if (difference > 0) surplus += difference;
  }
  return surplus;
}

/** What `scoreName` knows of the query, worked out once per search of the catalogue. */
interface ScoredQuery {
  text: string;
  typos: number;
  letters: number;
  counts: Uint8Array;
}

function scoredQuery(text: string, typos: number): ScoredQuery {
  return { text, typos, letters: letterMask(text), counts: letterCounts(text) };
}

/** How `query` matches the catalogue name or alias at position `at` (see `catalogueNames`). */
function scoreName(query: ScoredQuery, candidate: string, at: number, letters: Int32Array, counts: Uint8Array): number {
  const { text, typos } = query;
  // Each letter of the query the name lacks is an edit, whole name or typed prefix: most
  // names are ruled out here, before any comparison of the text (the larger part of naming a skill).
  const missing = missingLetters(query.letters, letters[at]!);
  if (missing > typos) return NO_MATCH;
  // Only a name with every letter of the query can be it, start with it or contain it.
  if (missing === 0) {
    if (candidate === text) return scored(100, 0);
    if (candidate.startsWith(text)) return scored(80 - Math.min(20, candidate.length - text.length), 1);
    if (text.length >= 3 && candidate.includes(text)) {
      return scored(55 - Math.min(15, candidate.length - text.length), 2);
    }
    if (typos === 0) return NO_MATCH;
  }
  // The same by counts ("kotlin" has one "o", "kooltin" two): the query's surplus bounds
  // its distance from the whole name and from what is typed so far of it.
  const base = at * BUCKETS;
  if (surplusLetters(query.counts, 0, counts, base) > typos) return NO_MATCH;
  if (surplusLetters(counts, base, query.counts, 0) <= typos) {
    const distance = editDistance(text, candidate, typos);
    if (distance <= typos) return scored(50 - distance * 5, 3);
  }
  // A typo in what is typed so far of a longer name ("kuberne" for Kubernetes).
  if (candidate.length > text.length && editDistance(text, candidate, typos, text.length) <= typos) {
    return scored(35, 3);
  }
  return NO_MATCH;
}

/** Best first: score, then members who list the skill, then name. */
function matchOrder(x: SkillMatch, y: SkillMatch): number {
  return y.score - x.score || y.skill.members - x.skill.members || x.skill.name.localeCompare(y.skill.name);
}

export interface MatchOptions {
  limit?: number;
  /** Extra typos allowed beyond the engines' budget (closest-skill suggestions for empty results). */
  extraTypos?: number;
  /** Leave out member-made skills nobody lists any more. */
  onlyInUse?: boolean;
}

/**
 * Catalogue skills matching what someone typed, best first: exact name or alias,
 * then prefixes, substrings and small typos. Aliases resolve to their skill.
 */
export function matchSkills(
  text: string,
  catalogue: readonly CatalogueSkill[],
  options: MatchOptions = {},
): SkillMatch[] {
  const query = normalizeSkillName(text);
  if (!query) return [];
  const limit = options.limit ?? 8;
  if (limit <= 0) return [];
  const scoring = scoredQuery(query, typoBudget(query.length) + (options.extraTypos ?? 0));
  // The best `limit` so far, in order: a short prefix matches a good part of the
  // catalogue, and sorting every match to keep three was most of naming a skill.
  const best: SkillMatch[] = [];
  const { letters, counts } = catalogueNames(catalogue);
  let next = 0;
  for (const skill of catalogue) {
    const first = next;
    next += 1 + skill.aliases.length;
    if (options.onlyInUse && !skill.curated && skill.members === 0) continue;
    const named = scoreName(scoring, skill.normalized, first, letters, counts);
    let score = scoreOf(named);
    let kind = named;
    let alias: string | null = null;
    for (let i = 0; i < skill.aliases.length; i++) {
      const a = skill.aliases[i]!;
      const s = scoreName(scoring, a, first + 1 + i, letters, counts);
      // An alias counts a little less than the name itself, so a name wins a tie.
      if (scoreOf(s) - 3 > score) {
        score = scoreOf(s) - 3;
        kind = s;
        alias = a;
      }
    }
    if (score <= 0) continue;
    const match: SkillMatch = { skill, alias, kind: KINDS[kind % 4]!, score };
    if (best.length === limit && matchOrder(match, best[limit - 1]!) >= 0) continue;
    // After every match it does not beat: the same order a stable sort of all of them gives.
    let at = best.length;
    while (at > 0 && matchOrder(match, best[at - 1]!) < 0) at--;
    best.splice(at, 0, match);
    if (best.length > limit) best.pop();
  }
  return best;
}

type Confident = { skill: CatalogueSkill; score: number };

/**
 * Each catalogue's confident matches by phrase. Searches differ, but their words recur
 * ("react", "kubernets", "ml"), and matching a phrase scans the whole catalogue. A new
 * catalogue (it is rebuilt every minute and on every change) starts with none.
 */
const phraseMatches = new WeakMap<readonly CatalogueSkill[], Map<string, Confident[]>>();
const PHRASES_LIMIT = 5000;

/** The skills one phrase names confidently, with their scores. */
function confidentMatches(phrase: string, catalogue: readonly CatalogueSkill[]): Confident[] {
  let byPhrase = phraseMatches.get(catalogue);
  if (!byPhrase) phraseMatches.set(catalogue, (byPhrase = new Map()));
  let found = byPhrase.get(phrase);
  if (found === undefined) {
    found = [];
    const query = normalizeSkillName(phrase);
    if (query.length >= 1) {
      for (const m of matchSkills(phrase, catalogue, { limit: 3 })) {
        // Exact names and aliases always count; prefixes and typos only for words long enough to mean something.
        const confident = m.kind === 'exact' || (query.length >= 3 && (m.kind === 'prefix' || m.kind === 'typo'));
        if (confident) found.push({ skill: m.skill, score: m.score });
      }
    }
    if (byPhrase.size >= PHRASES_LIMIT) byPhrase.clear();
    byPhrase.set(phrase, found);
  }
  return found;
}

/**
 * The skill a search query names, if it names one confidently: the whole query, or
 * one of its words or word pairs, as an exact name or alias, a prefix of the last
 * word, or within the typo budget. "kubernets" → Kubernetes; "ml in berlin" → Machine learning.
 */
export function skillsNamedBy(text: string, catalogue: readonly CatalogueSkill[]): CatalogueSkill[] {
  const words = text
    .toLowerCase()
    .split(/[\s,;/]+/)
    .filter(Boolean)
    .slice(0, 8);
  if (words.length === 0) return [];
  const phrases = new Set([words.join(' ')]);
  for (let i = 0; i < words.length; i++) {
    phrases.add(words[i]!);
    if (i + 1 < words.length) phrases.add(`${words[i]} ${words[i + 1]}`);
  }
  const found = new Map<number, Confident>();
  for (const phrase of phrases) {
    for (const m of confidentMatches(phrase, catalogue)) {
      const previous = found.get(m.skill.id);
      if (!previous || previous.score < m.score) found.set(m.skill.id, m);
    }
  }
  const ranked = [...found.values()].sort((a, b) => b.score - a.score || b.skill.members - a.skill.members);
  const top = ranked[0]?.score ?? 0;
  // Keep the clear winners only: a query for "react" should not also focus "React Native".
  return ranked.filter((r) => r.score >= top - 5).map((r) => r.skill);
}

/**
 * Skills whose name or an alias is within a generous edit distance of the text (up
 * to 40% of its length): the "did you mean" for a search that found nobody.
 */
export function nearestSkills(text: string, catalogue: readonly CatalogueSkill[], limit = 5): CatalogueSkill[] {
  const query = normalizeSkillName(text);
  if (query.length < 3) return [];
  const max = Math.max(2, Math.floor(query.length * 0.4));
  const scored: { skill: CatalogueSkill; distance: number }[] = [];
  const letters = letterMask(query);
  const { letters: names, counts } = catalogueNames(catalogue);
  const queryCounts = letterCounts(query);
  const within = (name: string, at: number) => {
    const other = names[at]!;
    if (missingLetters(letters, other) > max || missingLetters(other, letters) > max) return max + 1;
    if (
      Math.abs(name.length - query.length) > max ||
      surplusLetters(queryCounts, 0, counts, at * BUCKETS) > max ||
      surplusLetters(counts, at * BUCKETS, queryCounts, 0) > max
    ) {
      return max + 1;
    }
    return editDistance(query, name, max);
  };
  let next = 0;
  for (const skill of catalogue) {
    const first = next;
    next += 1 + skill.aliases.length;
    if (!skill.curated && skill.members === 0) continue;
    let distance = within(skill.normalized, first);
    for (let i = 0; i < skill.aliases.length; i++) {
      distance = Math.min(distance, within(skill.aliases[i]!, first + 1 + i));
    }
    if (distance <= max) scored.push({ skill, distance });
  }
  scored.sort(
    (a, b) => a.distance - b.distance || b.skill.members - a.skill.members || a.skill.name.localeCompare(b.skill.name),
  );
  return scored.slice(0, limit).map((s) => s.skill);
}
