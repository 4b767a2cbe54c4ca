import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { memberSkills, searchJobs, skills } from '#db/schema/index.ts';
import { addSkill, listEditableSkills, removeSkill, updateSkill } from '#features/profiles/member-skills.service.ts';
import { SKILL_LIMITS } from '#features/profiles/member-skills.ts';
import { suggestSkills } from '#features/skills/skills.service.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';
import { AppError } from '#server/errors.ts';
import { createMember, skillIdByName } from '#tests/helpers/factories.ts';

const details = { level: 4, canTeach: true, wantsToLearn: false, years: 3, note: 'In production since 2021' };

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const jobCount = async (userId: string) =>
  (
    await getDb()
      .select({ n: count() })
      .from(searchJobs)
      .where(and(eq(searchJobs.index, 'people'), eq(searchJobs.entityId, userId)))
      .get()
  )?.n ?? 0;

describe('adding skills', () => {
  it('resolves an alias to the canonical skill ("k8s" → Kubernetes) and writes a search job', async () => {
    const member = await createMember();
    const change = await addSkill(member.id, { skill: ' K8S ', ...details });
    expect(change.skill.name).toBe('Kubernetes');
    expect(change.outcome).toBe('added');
    expect(change.skills).toEqual([
      expect.objectContaining({
        name: 'Kubernetes',
        level: 4,
        canTeach: true,
        years: 3,
        note: 'In production since 2021',
      }),
    ]);
    expect(await jobCount(member.id)).toBe(1);
  });

  it('creates a new skill once, normalised, and reuses it for every spelling', async () => {
    const a = await createMember();
    const b = await createMember();
    const first = await addSkill(a.id, { skill: 'Tree   Sitter', ...details });
    expect(first.outcome).toBe('created');
    expect(first.skill).toMatchObject({ name: 'Tree Sitter', slug: 'tree-sitter' });
    const second = await addSkill(b.id, { skill: 'tree-sitter', ...details });
    expect(second.outcome).toBe('added');
    expect(second.skill.id).toBe(first.skill.id);
    const rows = await getDb()
      .select()
      .from(skills)
      .where(eq(skills.normalizedName, normalizeSkillName('tree sitter')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ curated: false, createdBy: a.id, category: 'other' });
    // …and the type-ahead now offers it.
    expect((await suggestSkills('tree sit')).map((s) => s.name)).toContain('Tree Sitter');
  });

  it('creates one skill when two members add the same new name at once', async () => {
    const members = await Promise.all([createMember(), createMember(), createMember()]);
    const results = await Promise.all(
      members.map((m, i) => addSkill(m.id, { skill: ['Zig Build', 'zig-build', 'ZIG BUILD'][i]!, ...details })),
    );
    expect(new Set(results.map((r) => r.skill.id)).size).toBe(1);
  });

  it('updates instead of duplicating when the skill is already on the profile', async () => {
    const member = await createMember({ skills: [{ skill: 'Go', level: 2 }] });
    const change = await addSkill(member.id, { skill: 'golang', ...details });
    expect(change.outcome).toBe('updated');
    expect(change.skills).toHaveLength(1);
    expect(change.skills[0]).toMatchObject({ name: 'Go', level: 4 });
  });

  it(`holds at most ${SKILL_LIMITS.perMember} skills, even with many adds in parallel`, async () => {
    const member = await createMember();
    const names = (
      await getDb()
        .select({ name: skills.name })
        .from(skills)
        .where(eq(skills.curated, true))
        .limit(SKILL_LIMITS.perMember + 5)
    ).map((s) => s.name);
    const results = await Promise.allSettled(names.map((skill) => addSkill(member.id, { skill, ...details })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(SKILL_LIMITS.perMember);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(5);
    expect((refused[0]!.reason as AppError).fields.skill).toMatch(/up to 40 skills/);
    const stored = await getDb()
      .select({ n: count() })
      .from(memberSkills)
      .where(eq(memberSkills.userId, member.id))
      .get();
    expect(stored?.n).toBe(SKILL_LIMITS.perMember);
  });

  it('leaves no new skill behind when the add is refused at the cap', async () => {
    const member = await createMember();
    const names = (
      await getDb()
        .select({ name: skills.name })
        .from(skills)
        .where(eq(skills.curated, true))
        .limit(SKILL_LIMITS.perMember)
    ).map((s) => s.name);
    for (const skill of names) await addSkill(member.id, { skill, ...details });
    const error = await rejection(addSkill(member.id, { skill: 'Brand new gadget', ...details }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(await getDb().select().from(skills).where(eq(skills.normalizedName, 'brandnewgadget'))).toHaveLength(0);
  });

  it('refuses names that normalise to nothing', async () => {
    const member = await createMember();
    const error = await rejection(addSkill(member.id, { skill: '!!!', ...details }));
    expect(error.fields.skill).toMatch(/name of a skill/);
  });
});

describe('changing and removing skills', () => {
  it('lets members change their own skills (allow)', async () => {
    const member = await createMember({ skills: [{ skill: 'Rust', level: 2, wantsToLearn: true }] });
    const rust = await skillIdByName('Rust');
    const change = await updateSkill(member.id, {
      skillId: rust,
      level: 3,
      canTeach: false,
      wantsToLearn: false,
      years: null,
      note: null,
    });
    expect(change.skills[0]).toMatchObject({ name: 'Rust', level: 3, wantsToLearn: false });
    expect(await jobCount(member.id)).toBe(1);
    const removed = await removeSkill(member.id, rust);
    expect(removed.skills).toEqual([]);
    expect(removed.skill.name).toBe('Rust');
  });

  it('never touches another member’s skills (deny)', async () => {
    const owner = await createMember({ skills: [{ skill: 'Rust', level: 5, canTeach: true }] });
    const other = await createMember();
    const rust = await skillIdByName('Rust');
    expect(
      (
        await rejection(
          updateSkill(other.id, {
            skillId: rust,
            level: 1,
            canTeach: false,
            wantsToLearn: false,
            years: null,
            note: null,
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect((await rejection(removeSkill(other.id, rust))).code).toBe('NOT_FOUND');
    expect(await listEditableSkills(owner.id)).toEqual([
      expect.objectContaining({ name: 'Rust', level: 5, canTeach: true }),
    ]);
    expect(await jobCount(other.id)).toBe(0);
  });
});
