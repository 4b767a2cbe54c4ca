import { z } from 'zod';
import { LEVEL_WORDS } from '#features/members/levels.ts';

export const SKILL_LIMITS = {
  /** Skills on one profile. */
  perMember: 40,
  note: 200,
  years: 60,
  name: 60,
} as const;

/** Levels 1–5 with their words, for selects and radio groups. */
export const LEVEL_OPTIONS = LEVEL_WORDS.map((word, i) => ({ value: i + 1, word }));

const level = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z
    .number({ error: 'Choose a level from 1 (aware) to 5 (expert).' })
    .int()
    .min(1, 'Choose a level from 1 (aware) to 5 (expert).')
    .max(5, 'Choose a level from 1 (aware) to 5 (expert).'),
);

const years = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? null : Number(v)) : (v ?? null)),
  z
    .number({ error: `Enter whole years from 0 to ${SKILL_LIMITS.years}, or leave it empty.` })
    .int(`Enter whole years from 0 to ${SKILL_LIMITS.years}, or leave it empty.`)
    .min(0, `Enter whole years from 0 to ${SKILL_LIMITS.years}, or leave it empty.`)
    .max(SKILL_LIMITS.years, `Enter whole years from 0 to ${SKILL_LIMITS.years}, or leave it empty.`)
    .nullable(),
);

const note = z.preprocess(
  (v) => (typeof v === 'string' ? v : ''),
  z
    .string()
    .trim()
    .max(SKILL_LIMITS.note, `Keep the note to ${SKILL_LIMITS.note} characters.`)
    .transform((s) => s.replace(/\s+/g, ' ') || null),
);

const skillId = z.preprocess(
  (v) => (typeof v === 'string' ? Number(v) : v),
  z.number({ error: 'That skill is not on your profile.' }).int().positive(),
);

const details = {
  level,
  canTeach: z.boolean(),
  wantsToLearn: z.boolean(),
  years,
  note,
};

export const addSkillInput = z.object({
  skill: z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z
      .string()
      .trim()
      .min(1, 'Type a skill, like “Kubernetes” or “k8s”.')
      .max(SKILL_LIMITS.name, `Skill names are at most ${SKILL_LIMITS.name} characters.`),
  ),
  ...details,
});
export type AddSkillInput = z.infer<typeof addSkillInput>;

export const updateSkillInput = z.object({ skillId, ...details });
export type UpdateSkillInput = z.infer<typeof updateSkillInput>;

export const removeSkillInput = z.object({ skillId });

/** The details of one skill as the editor shows and posts them. */
export type SkillDetails = Omit<UpdateSkillInput, 'skillId'>;

/** One row of the skill editor. */
export interface EditableSkill {
  skillId: number;
  slug: string;
  name: string;
  level: number;
  canTeach: boolean;
  wantsToLearn: boolean;
  years: number | null;
  note: string | null;
}
