import { tokenize } from '#server/search/text.ts';
import type { SearchDocument, SearchFilters, SearchQuery } from '#server/search/types.ts';
import { seeded } from './people-like.ts';

/** The kinds of query generated, so results can be broken down by what was typed. */
export type QueryKind = 'word' | 'typo' | 'prefix' | 'alias' | 'multi-word' | 'name' | 'noise' | 'empty';

export interface GeneratedQuery {
  kind: QueryKind;
  query: SearchQuery;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const SENIORITIES = ['student', 'junior', 'mid', 'senior', 'staff', 'manager'];
const BANDS = ['americas-west', 'americas-east', 'europe-africa', 'middle-east-south-asia', 'east-asia-oceania'];

/** One typo of the kinds people make: a wrong, missing, extra or swapped letter (never the first, unless asked). */
export function typo(word: string, random: () => number, firstLetter = false): string {
  const chars = [...word];
  if (chars.length < 2) return word;
  const at = firstLetter ? 0 : 1 + Math.floor(random() * (chars.length - 1));
  const letter = LETTERS[Math.floor(random() * LETTERS.length)]!;
  switch (Math.floor(random() * 4)) {
    case 0:
      chars[at] = letter === chars[at] ? 'q' : letter;
      break;
    case 1:
      chars.splice(at, 1);
      break;
    case 2:
      chars.splice(at, 0, letter);
      break;
    default: {
      const other = at === chars.length - 1 ? at - 1 : at + 1;
      [chars[at], chars[other]] = [chars[other]!, chars[at]!];
    }
  }
  return chars.join('');
}

/**
 * The 11 facets the /people page asks for: skills, the level facet (per skill when one
 * is in focus), seniority, time-zone band, language and the flag facets.
 */
export function pageFacets(focus: string | null, teach: boolean): string[] {
  return [
    'skillSlugs',
    focus ? (teach ? 'teachLevels' : 'skillLevels') : 'maxLevel',
    'seniority',
    'tzBand',
    'languages',
    focus ? 'teaches' : 'teachesAny',
    focus ? 'learns' : 'learnsAny',
    'available',
    'openAdhoc',
    'openOngoing',
    'openReverse',
  ];
}

/**
 * Queries as the people page sends them, drawn from the documents' own words: exact
 * skills, typos (one in words of 5+ letters, two in 9+, some on the first letter),
 * prefixes of the last word, aliases, several words, names, and words that match
 * nothing; about half with filters (visibility, skill, level, teach/learn, availability,
 * seniority, zone, language, exclusions, ranges), most asking for the page's facets,
 * some sorted, some on later pages. Seeded: the same arguments give the same queries.
 * With `everyFacet`, every query asks for the page's facets, as the /people page does.
 */
export function generateQueries(
  docs: SearchDocument[],
  synonyms: Record<string, string[]>,
  count: number,
  seed = 42,
  everyFacet = false,
): GeneratedQuery[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const skillNames = new Set<string>();
  const slugs = new Set<string>();
  const names = new Set<string>();
  const languages = new Set<string>();
  const places = new Set<string>();
  for (const doc of docs.slice(0, 5000)) {
    for (const s of (doc.skills as string[]) ?? []) skillNames.add(s);
    for (const s of (doc.skillSlugs as string[]) ?? []) slugs.add(s);
    for (const l of (doc.languages as string[]) ?? []) languages.add(l);
    if (typeof doc.name === 'string') names.add(doc.name);
    if (typeof doc.location === 'string') places.add(doc.location.split(',')[0]!);
  }
  const skillList = [...skillNames];
  const slugList = [...slugs];
  const nameList = [...names];
  const languageList = [...languages];
  const placeList = [...places];
  const aliases = Object.keys(synonyms);
  const longWords = skillList.flatMap((s) => tokenize(s)).filter((w) => [...w].length >= 5);
  const longerWords = longWords.filter((w) => [...w].length >= 9);
  const word = () => pick(tokenize(pick(skillList))) ?? 'go';

  const text = (): { kind: QueryKind; q: string } => {
    const roll = random();
    if (roll < 0.17) return { kind: 'word', q: random() < 0.5 ? pick(skillList) : word() };
    if (roll < 0.37) {
      if (longerWords.length > 0 && random() < 0.3) {
        const w = pick(longerWords);
        return { kind: 'typo', q: typo(typo(w, random), random, random() < 0.3) };
      }
      return { kind: 'typo', q: typo(pick(longWords), random, random() < 0.15) };
    }
    if (roll < 0.52) {
      const w = word();
      return { kind: 'prefix', q: w.slice(0, 1 + Math.floor(random() * Math.max(1, w.length - 1))) };
    }
    if (roll < 0.62) return { kind: 'alias', q: pick(aliases) };
    if (roll < 0.8) {
      const parts = [word(), word()];
      if (random() < 0.3) parts.unshift(pick(SENIORITIES));
      if (random() < 0.3) parts[parts.length - 1] = parts[parts.length - 1]!.slice(0, 3);
      if (random() < 0.3) parts[0] = typo(parts[0]!, random);
      if (random() < 0.2) parts.push(pick(aliases));
      return { kind: 'multi-word', q: parts.join(' ') };
    }
    if (roll < 0.9) {
      const name = pick(nameList);
      const [first, last] = name.split(' ');
      const choice = random();
      if (choice < 0.3) return { kind: 'name', q: name };
      if (choice < 0.5) return { kind: 'name', q: first! };
      if (choice < 0.7) return { kind: 'name', q: `${last ?? first} ${word()}` };
      if (choice < 0.85) return { kind: 'name', q: pick(placeList) };
      return { kind: 'name', q: typo(name, random) };
    }
    if (roll < 0.95) {
      const noise = Array.from({ length: 3 + Math.floor(random() * 8) }, () => pick([...LETTERS])).join('');
      return { kind: 'noise', q: random() < 0.8 ? noise : `${word()} ${'lorem ipsum '.repeat(6)}` };
    }
    return { kind: 'empty', q: '' };
  };

  const out: GeneratedQuery[] = [];
  for (let i = 0; i < count; i++) {
    const { kind, q } = text();
    const filters: SearchFilters = {};
    let focus: string | null = null;
    let teach = false;
    if (random() < 0.5) {
      if (random() < 0.5) filters.visibility = 'public';
      if (random() < 0.25) {
        focus = pick(slugList);
        filters.skillSlugs = focus;
      }
      if (random() < 0.2) {
        const level = 1 + Math.floor(random() * 5);
        const levels = Array.from({ length: 6 - level }, (_, k) => level + k);
        if (focus) filters[random() < 0.5 ? 'skillLevels' : 'teachLevels'] = levels.map((l) => `${focus}:${l}`);
        else filters.maxLevel = levels;
      }
      if (random() < 0.2) {
        teach = true;
        if (focus) filters.teaches = focus;
        else filters.teachesAny = true;
      }
      if (random() < 0.1) filters[focus ? 'learns' : 'learnsAny'] = focus ?? true;
      if (random() < 0.25) filters.available = true;
      if (random() < 0.15) filters[pick(['openAdhoc', 'openOngoing', 'openReverse'])] = true;
      if (random() < 0.25) filters.seniority = [pick(SENIORITIES), ...(random() < 0.5 ? [pick(SENIORITIES)] : [])];
      if (random() < 0.15) filters.tzBand = [pick(BANDS)];
      if (random() < 0.15) filters.languages = [pick(languageList)];
      if (random() < 0.08) filters.seniority = { not: [pick(SENIORITIES)] };
      if (random() < 0.08) filters.maxLevel = { gte: 2 + Math.floor(random() * 3) };
      if (random() < 0.03) filters.skillSlugs = 'no-such-skill';
    }
    const query: SearchQuery = { q, filters };
    const facetRoll = random();
    if (facetRoll < 0.75) query.facets = pageFacets(focus, teach);
    else if (facetRoll < 0.9) query.facets = [pick(['skillSlugs', 'seniority', 'tzBand', 'languages', 'maxLevel'])];
    if (everyFacet) query.facets = pageFacets(focus, teach);
    if (random() < 0.1) query.sort = ['rank:desc'];
    else if (random() < 0.03) query.sort = ['rank:asc'];
    const pageRoll = random();
    if (pageRoll < 0.1) query.page = 2 + Math.floor(random() * 3);
    else if (pageRoll < 0.13) query.hitsPerPage = 1;
    else if (pageRoll < 0.16) query.hitsPerPage = 50;
    out.push({ kind, query });
  }
  return out;
}
