import { catalogueEntries } from '#db/seed/catalogue.ts';
import type { IndexDefinition, SearchDocument } from '#server/search/types.ts';

/**
 * People-shaped search documents without a database, for comparing engines in tests:
 * the attributes of the real people index (see the people feature's search source),
 * skills from the real catalogue, names with accents and shared surnames, levels,
 * teach/learn flags, languages, time-zone bands and ranks drawn from a seeded random
 * generator, so the same seed always gives the same documents.
 */

export const PEOPLE_LIKE_DEFINITION: IndexDefinition = {
  name: 'people',
  searchableAttributes: [
    'expertSkills',
    'strongSkills',
    'skills',
    'skillAliases',
    'name',
    'handle',
    'headline',
    'location',
    'languages',
  ],
  filterableAttributes: [
    'visibility',
    'skillSlugs',
    'skillLevels',
    'teaches',
    'teachLevels',
    'learns',
    'teachesAny',
    'learnsAny',
    'maxLevel',
    'available',
    'openAdhoc',
    'openOngoing',
    'openReverse',
    'seniority',
    'tzBand',
    'languages',
  ],
  sortableAttributes: ['rank'],
  customRanking: ['rank:desc'],
};

const FIRST = ['Ada', 'Bo', 'Chloé', 'Dmitri', 'Eun-ji', 'Fatima', 'Gus', 'Hana', 'Iñaki', 'José', 'Kwame', 'Łukasz'];
const MORE_FIRST = ['Maya', 'Noor', 'Olu', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Vera', 'Wei', 'Zoë'];
const LAST = ['Lindqvist', 'Chen', 'Okafor', 'Santos', 'Müller', 'Rahman', 'Docker', 'Sato', 'García', 'Kowalski'];
const MORE_LAST = ['Nguyen', 'Haddad', 'Berg', 'Patel', "O'Neil", 'Rossi', 'Kubernetes', 'Smith', 'Novák', 'Ito'];
const PLACES = [
  ['Berlin, Germany', ['German', 'English'], 'europe-africa'],
  ['Lisbon, Portugal', ['Portuguese', 'English'], 'europe-africa'],
  ['Lagos, Nigeria', ['English', 'Yoruba'], 'europe-africa'],
  ['São Paulo, Brazil', ['Portuguese'], 'americas-east'],
  ['Seattle, USA', ['English'], 'americas-west'],
  ['Bangalore, India', ['English', 'Hindi', 'Kannada'], 'middle-east-south-asia'],
  ['Tokyo, Japan', ['Japanese', 'English'], 'east-asia-oceania'],
  ['Kraków, Poland', ['Polish', 'English'], 'europe-africa'],
  [null, ['English'], 'europe-africa'],
] as const;
const SENIORITY = ['student', 'junior', 'mid', 'mid', 'senior', 'senior', 'staff', 'manager'] as const;
const TITLES = ['backend engineer', 'frontend developer', 'platform engineer', 'data engineer', 'ML engineer'];

/** A small deterministic random generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` people documents, the same for the same seed. */
export function generatePeopleDocuments(n: number, seed = 1): SearchDocument[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const catalogue = catalogueEntries();
  const firsts = [...FIRST, ...MORE_FIRST];
  const lasts = [...LAST, ...MORE_LAST];
  const docs: SearchDocument[] = [];
  for (let i = 0; i < n; i++) {
    const first = pick(firsts);
    const last = pick(lasts);
    const [location, languages, tzBand] = pick(PLACES);
    const seniority = pick(SENIORITY);
    const skills: { slug: string; name: string; level: number; teach: boolean; learn: boolean; aliases: string[] }[] =
      [];
    const count = 1 + Math.floor(random() * 9);
    // Popular skills come up more often, as in a real community.
    for (let k = 0; k < count; k++) {
      const entry = random() < 0.5 ? catalogue[Math.floor(random() * 40)]! : pick(catalogue);
      if (skills.some((s) => s.slug === entry.slug)) continue;
      const level = 1 + Math.floor(random() * 5);
      skills.push({
        slug: entry.slug,
        name: entry.name,
        level,
        teach: level >= 3 && random() < 0.5,
        learn: level <= 2 && random() < 0.6,
        aliases: entry.aliases,
      });
    }
    const available = random() < 0.6;
    const teaches = skills.filter((s) => s.teach);
    docs.push({
      id: `p${String(i).padStart(6, '0')}`,
      name: `${first} ${last}`,
      handle: `${first}-${last}-${i}`.toLowerCase(),
      headline: random() < 0.8 ? `${seniority} ${pick(TITLES)}` : '',
      expertSkills: skills.filter((s) => s.level === 5).map((s) => s.name),
      strongSkills: skills.filter((s) => s.level === 4 || (s.teach && s.level === 3)).map((s) => s.name),
      skills: skills.map((s) => s.name),
      skillAliases: [...new Set(skills.flatMap((s) => s.aliases))],
      location,
      languages: [...languages],
      seniority,
      tzBand,
      visibility: random() < 0.9 ? 'public' : 'members',
      openAdhoc: random() < 0.75,
      openOngoing: random() < 0.35,
      openReverse: random() < 0.25,
      available,
      skillSlugs: skills.map((s) => s.slug),
      skillLevels: skills.map((s) => `${s.slug}:${s.level}`),
      teaches: teaches.map((s) => s.slug),
      teachLevels: teaches.map((s) => `${s.slug}:${s.level}`),
      learns: skills.filter((s) => s.learn).map((s) => s.slug),
      teachesAny: teaches.length > 0,
      learnsAny: skills.some((s) => s.learn),
      maxLevel: skills.reduce((max, s) => Math.max(max, s.level), 0),
      // Few distinct ranks, so the id tie-breaker is exercised too.
      rank: (available ? 100 : 0) + Math.min(teaches.length, 5) * 6 + Math.floor(random() * 4),
    });
  }
  return docs;
}
