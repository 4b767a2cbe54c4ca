import { tokenize } from '#server/search/text.ts';
import { seeded } from './engine/people-like.ts';
import { typo } from './engine/queries.ts';

/** What the people-search URLs are drawn from: the community's own words. */
export interface QueryMaterial {
  /** Catalogue skills members have: name, slug and aliases. */
  skills: { name: string; slug: string; aliases: string[] }[];
  /** Members' display names. */
  names: string[];
  languages: string[];
}

const SENIORITIES = ['student', 'junior', 'mid', 'senior', 'staff', 'manager'];
const BANDS = ['americas-west', 'americas-east', 'europe-africa', 'middle-east-south-asia', 'east-asia-oceania'];
const OPEN = ['adhoc', 'ongoing', 'reverse'];

/**
 * `count` distinct people-search query strings as members type them into /people:
 * skills, typos (some on the first letter, two in long words), prefixes of the last
 * word (from one letter), aliases ("k8s"), several words, names, nonsense; about half
 * with facets chosen (skill, level, teach/learn, available, open to, seniority, zone,
 * language), some on a later page. Seeded: the same material gives the same list.
 */
export function peopleQueryStrings(material: QueryMaterial, count: number, seed = 7): string[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const skills = material.skills;
  const aliases = skills.flatMap((s) => s.aliases);
  const words = [...new Set(skills.flatMap((s) => tokenize(s.name)))];
  const longWords = words.filter((w) => [...w].length >= 5);
  const longerWords = words.filter((w) => [...w].length >= 9);

  const text = (): string => {
    const roll = random();
    if (roll < 0.18) return random() < 0.5 ? pick(skills).name : pick(words);
    if (roll < 0.38) {
      if (longerWords.length > 0 && random() < 0.3) return typo(typo(pick(longerWords), random), random);
      return typo(pick(longWords), random, random() < 0.15);
    }
    if (roll < 0.55) {
      const w = pick(words);
      return w.slice(0, 1 + Math.floor(random() * Math.max(1, w.length - 1)));
    }
    if (roll < 0.65 && aliases.length > 0) return pick(aliases);
    if (roll < 0.85) {
      const parts = [pick(words), pick(words)];
      if (random() < 0.3) parts.unshift(pick(SENIORITIES));
      if (random() < 0.3) parts[parts.length - 1] = parts[parts.length - 1]!.slice(0, 3);
      if (random() < 0.3) parts[0] = typo(parts[0]!, random);
      return parts.join(' ');
    }
    if (roll < 0.95) {
      const name = pick(material.names);
      const choice = random();
      if (choice < 0.4) return name;
      if (choice < 0.7) return name.split(' ')[0]!;
      return `${name.split(' ').at(-1)} ${pick(words)}`;
    }
    return Array.from({ length: 4 + Math.floor(random() * 6) }, () => pick([...'abcdefghijklmnopqrstuvwxyz'])).join('');
  };

  const out = new Set<string>();
  for (let tries = 0; out.size < count && tries < count * 20; tries++) {
    const params = new URLSearchParams();
    const q = text();
    if (q) params.set('q', q);
    if (random() < 0.5) {
      if (random() < 0.25) params.set('skill', pick(skills).slug);
      if (random() < 0.2) params.set('level', String(2 + Math.floor(random() * 4)));
      if (random() < 0.25) params.set('teach', '1');
      else if (random() < 0.1) params.set('learn', '1');
      if (random() < 0.25) params.set('available', '1');
      if (random() < 0.15) params.append('open', pick(OPEN));
      if (random() < 0.25) {
        params.append('seniority', pick(SENIORITIES));
        if (random() < 0.4) params.append('seniority', pick(SENIORITIES));
      }
      if (random() < 0.15) params.append('tz', pick(BANDS));
      if (random() < 0.15 && material.languages.length > 0) params.append('lang', pick(material.languages));
    }
    if (random() < 0.08) params.set('page', String(2 + Math.floor(random() * 2)));
    const query = params.toString();
    if (query) out.add(query);
  }
  return [...out];
}
