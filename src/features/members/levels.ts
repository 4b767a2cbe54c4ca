/** The words for skill levels 1–5, in order. */
export const LEVEL_WORDS = ['aware', 'learning', 'working', 'proficient', 'expert'] as const;
export type LevelWord = (typeof LEVEL_WORDS)[number];

/** The word for a level 1–5 ("4 → proficient"). */
export function levelWord(level: number): LevelWord {
  return LEVEL_WORDS[Math.min(5, Math.max(1, Math.round(level))) - 1]!;
}
