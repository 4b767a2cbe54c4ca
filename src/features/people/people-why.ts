import { levelWord } from '#features/members/levels.ts';
import { tokenize } from '#server/search/text.ts';
import type { MatchedSkill, Segment } from './people.ts';

const ASCII = /^[\x20-\x7e]*$/;

/**
 * A word's search terms (as the index tokenised it). A word the highlight regex found
 * that is plain ASCII is its own single term once lower-cased: no Unicode normalising.
 */
const termsOfWord = (word: string): string[] => (ASCII.test(word) ? [word.toLowerCase()] : tokenize(word));

/** Terms of skill names and aliases: the same few hundred texts on every search. */
const skillTerms = new Map<string, string[]>();
const SKILL_TERMS_LIMIT = 20_000;

function termsOfSkillText(text: string): string[] {
  let terms = skillTerms.get(text);
  if (terms === undefined) {
    if (skillTerms.size >= SKILL_TERMS_LIMIT) skillTerms.clear();
    terms = tokenize(text);
    skillTerms.set(text, terms);
  }
  return terms;
}

/** Splits `text` into words and the text between them, marking words the engine matched. */
export function highlight(text: string, matchedTerms: ReadonlySet<string>): Segment[] {
  if (!text) return [];
  const segments: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+[#+]*/gu)) {
    const word = m[0];
    const start = m.index;
    const hit = termsOfWord(word).some((t) => matchedTerms.has(t));
    if (!hit) continue;
    if (start > last) segments.push({ text: text.slice(last, start), hit: false });
    segments.push({ text: word, hit: true });
    last = start + word.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), hit: false });
  return segments;
}

export interface SkillForWhy {
  slug: string;
  name: string;
  level: number;
  canTeach: boolean;
  wantsToLearn: boolean;
  /** Normalised aliases. */
  aliases: string[];
}

/**
 * The skills that explain a result: the skill in focus (chosen, or named by the
 * query), and any skill whose name or alias contains a word the engine matched
 * ("k8s" and "kubernets" both match the word "kubernetes"). Strongest first.
 */
export function matchedSkills(
  skills: SkillForWhy[],
  matchedTerms: ReadonlySet<string>,
  focus: string | null,
): MatchedSkill[] {
  return skills
    .filter(
      (s) =>
        s.slug === focus ||
        termsOfSkillText(s.name).some((t) => matchedTerms.has(t)) ||
        s.aliases.some((a) => termsOfSkillText(a).some((t) => matchedTerms.has(t))),
    )
    .sort(
      (a, b) =>
        Number(b.slug === focus) - Number(a.slug === focus) ||
        Number(b.canTeach) - Number(a.canTeach) ||
        b.level - a.level,
    )
    .slice(0, 4)
    .map((s) => ({
      slug: s.slug,
      name: s.name,
      level: s.level,
      levelWord: levelWord(s.level),
      canTeach: s.canTeach,
      wantsToLearn: s.wantsToLearn,
    }));
}
