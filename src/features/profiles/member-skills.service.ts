import { getDb } from '#db/client.ts';
import { resolveOrCreateSkill } from '#features/skills/skills.service.ts';
import { dataChanged } from '#server/cache/invalidation.ts';
import { AppError, invalid, notFound } from '#server/errors.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import {
  type AddSkillInput,
  type EditableSkill,
  SKILL_LIMITS,
  type SkillDetails,
  type UpdateSkillInput,
} from './member-skills.ts';
import * as repo from './profiles.repo.ts';

/** The signed-in member's skills, as the skill editor lists them. */
export async function listEditableSkills(userId: string): Promise<EditableSkill[]> {
  const rows = await repo.listMemberSkills(userId);
  return rows.map(({ emerging: _emerging, ...s }) => s);
}

export interface SkillChange {
  /** The canonical skill that was added or changed ("Kubernetes" for "k8s"). */
  skill: { id: number; name: string; slug: string };
  /** What happened, in words for a status message. */
  outcome: 'added' | 'created' | 'updated' | 'removed';
  skills: EditableSkill[];
}

function values(details: SkillDetails) {
  return {
    level: details.level,
    canTeach: details.canTeach,
    wantsToLearn: details.wantsToLearn,
    years: details.years,
    note: details.note,
  };
}

/**
 * Adds a skill by name or alias ("k8s" adds Kubernetes). A name the catalogue does
 * not know becomes a new skill, normalised so it is never a duplicate; a skill
 * already on the profile is updated instead. At most SKILL_LIMITS.perMember skills.
 */
export async function addSkill(userId: string, input: AddSkillInput, now = new Date()): Promise<SkillChange> {
  const result = await getDb().transaction(async (tx) => {
    const skill = await resolveOrCreateSkill(tx, input.skill, userId, 'skill', now);
    let outcome: SkillChange['outcome'] = skill.created ? 'created' : 'added';
    if (await repo.updateMemberSkill(userId, skill.id, values(input), now, tx)) {
      outcome = 'updated';
    } else if (
      !(await repo.insertMemberSkillUnderCap(userId, skill.id, values(input), SKILL_LIMITS.perMember, now, tx))
    ) {
      // Throwing rolls back a skill created just above, so a refused add leaves no trace.
      throw invalid(
        { skill: `You can list up to ${SKILL_LIMITS.perMember} skills. Remove one you no longer use to add another.` },
        'Your profile already has the most skills it can hold.',
      );
    }
    await enqueueIndexJob(tx, 'people', userId, 'upsert', now);
    return { skill: { id: skill.id, name: skill.name, slug: skill.slug }, outcome };
  });
  if (result.outcome === 'created') dataChanged('people', 'skills');
  else dataChanged('people');
  return { ...result, skills: await listEditableSkills(userId) };
}

/** Changes level, teach/learn, years or note of a skill on the member's own profile. */
export async function updateSkill(userId: string, input: UpdateSkillInput, now = new Date()): Promise<SkillChange> {
  const changed = await getDb().transaction(async (tx) => {
    if (!(await repo.updateMemberSkill(userId, input.skillId, values(input), now, tx))) return false;
    await enqueueIndexJob(tx, 'people', userId, 'upsert', now);
    return true;
  });
  if (!changed) throw notFound('That skill is not on your profile any more.');
  dataChanged('people');
  const skills = await listEditableSkills(userId);
  const skill = skills.find((s) => s.skillId === input.skillId)!;
  return { skill: { id: skill.skillId, name: skill.name, slug: skill.slug }, outcome: 'updated', skills };
}

/** Takes a skill off the member's own profile. */
export async function removeSkill(userId: string, skillId: number, now = new Date()): Promise<SkillChange> {
  const before = await repo.listMemberSkills(userId);
  const target = before.find((s) => s.skillId === skillId);
  if (!target) throw notFound('That skill is not on your profile any more.');
  const removed = await getDb().transaction(async (tx) => {
    if (!(await repo.deleteMemberSkill(userId, skillId, tx))) return false;
    await enqueueIndexJob(tx, 'people', userId, 'upsert', now);
    return true;
  });
  if (!removed) throw new AppError('NOT_FOUND', 'That skill is not on your profile any more.');
  dataChanged('people');
  return {
    skill: { id: skillId, name: target.name, slug: target.slug },
    outcome: 'removed',
    skills: await listEditableSkills(userId),
  };
}

/** The skills a member can teach, strongest first (the request form, open calls, the profile's ask button). */
export function teachableSkills(userId: string): Promise<{ id: number; slug: string; name: string }[]> {
  return repo.listTaughtSkills(userId);
}

/** Whether a member can teach a skill (only they pick up open calls on it). */
export async function teachesSkill(userId: string, skillId: number): Promise<boolean> {
  return (await repo.listTaughtSkills(userId)).some((s) => s.id === skillId);
}
