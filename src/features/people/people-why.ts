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

// A word as the highlighter sees it. Module-wide and global: walked with exec (no iterator,
// no copy of the pattern per call, as matchAll makes); each walk starts at lastIndex 0.
const WORD = /[\p{L}\p{N}]+[#+]*/gu;

const isHit = (word: string, matchedTerms: ReadonlySet<string>): boolean =>
  termsOfWord(word).some((t) => matchedTerms.has(t));

/** Splits `text` into words and the text between them, marking words the engine matched. */
export function highlight(text: string, matchedTerms: ReadonlySet<string>): Segment[] {
  if (!text) return [];
  const segments: Segment[] = [];
  let last = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const word = m[0];
    if (!isHit(word, matchedTerms)) continue;
    const start = m.index;
    if (start > last) segments.push({ text: text.slice(last, start), hit: false });
    segments.push({ text: word, hit: true });
    last = start + word.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), hit: false });
  return segments;
}

/** Whether `highlight` would mark any word of `text`, without building its segments. */
export function hasHighlight(text: string, matchedTerms: ReadonlySet<string>): boolean {
  if (!text || matchedTerms.size === 0) return false;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    if (isHit(m[0], matchedTerms)) return true;
  }
  return false;
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
