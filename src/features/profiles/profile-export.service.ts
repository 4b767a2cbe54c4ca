import * as repo from './profiles.repo.ts';

/** The member's profile, skills and goals for their data export (as they entered them). */
export async function profileExport(userId: string) {
  const row = await repo.findProfileById(userId);
  if (!row) return null;
  const [skills, goals] = await Promise.all([repo.listMemberSkills(userId), repo.listGoalSkills(userId)]);
  const { userId: _id, ...profile } = row.profile;
  return {
    ...profile,
    skills: skills.map((s) => ({
      skill: s.name,
      level: s.level,
      canTeach: s.canTeach,
      wantsToLearn: s.wantsToLearn,
      years: s.years,
      note: s.note,
    })),
    goalSkills: goals.map((g) => g.name),
  };
}
