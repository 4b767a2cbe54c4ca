import type { EditableSkill } from './member-skills.ts';

/** A skill as the profile page shows it: the editor's row plus whether the tool is new. */
export interface SkillOnProfile extends EditableSkill {
  emerging: boolean;
}

export interface GroupedSkills<S> {
  teaches: S[];
  knows: S[];
  learning: S[];
}

/**
 * Skills as a profile shows them: what they teach, what they know, what they are
 * learning; each group strongest first. A skill both taught and being learned
 * counts as taught (they can already help).
 */
export function groupSkills<S extends Pick<SkillOnProfile, 'name' | 'level' | 'canTeach' | 'wantsToLearn'>>(
  skills: S[],
): GroupedSkills<S> {
  const byLevel = (a: S, b: S) => b.level - a.level || a.name.localeCompare(b.name);
  return {
    teaches: skills.filter((s) => s.canTeach).sort(byLevel),
    knows: skills.filter((s) => !s.canTeach && !s.wantsToLearn).sort(byLevel),
    learning: skills.filter((s) => !s.canTeach && s.wantsToLearn).sort(byLevel),
  };
}
