import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { memberSkills, profiles, skills } from '#db/schema/index.ts';
import {
  findProfileByHandle,
  findPublicProfileByHandle,
  listGoalSkills,
  listMemberSkills,
} from '#features/profiles/profiles.repo.ts';
import { createMember } from '#tests/helpers/factories.ts';
import { seededRandom } from '#tests/helpers/seeded-random.ts';

const NOTES = [
  null,
  '',
  'In production since 2021',
  'Quotes " and \\ backslashes',
  'Ünïcödé, 日本語 and 🚀',
  'two\nlines',
];

describe('the profile page in one statement', () => {
  it('reads the same member, fields, skills (in order) and goal skills as the separate queries', async () => {
    const catalogue = (await getDb().select({ name: skills.name }).from(skills).limit(120)).map((s) => s.name);
    const next = seededRandom(20261129);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    for (let m = 0; m < 25; m++) {
      const names = [...new Set(Array.from({ length: Math.floor(next() * 12) }, () => pick(catalogue)))];
      const member = await createMember({
        headline: m % 3 === 0 ? '' : `Headline ${m}`,
        skills: names.map((skill) => ({
          skill,
          // Few levels, so that ties on the level are ordered by name.
          level: 1 + Math.floor(next() * 3) * 2,
          canTeach: next() < 0.4,
          wantsToLearn: next() < 0.3,
          years: next() < 0.5 ? null : Math.floor(next() * 30),
          note: pick(NOTES),
        })),
        goalSkills: [...new Set(Array.from({ length: Math.floor(next() * 4) }, () => pick(catalogue)))],
      });
      await getDb()
        .update(profiles)
        .set({ bio: m % 2 ? `About *${m}*` : '', links: m % 4 ? [] : [{ label: 'Site', url: 'https://example.test' }] })
        .where(eq(profiles.userId, member.id));

      const one = await findPublicProfileByHandle(member.handle);
      const separate = await findProfileByHandle(member.handle);
      expect(one).toBeDefined();
      expect(one!.member).toEqual(separate!.member);
      expect(one!.createdAt).toEqual(separate!.createdAt);
      expect({ bio: one!.bio, languages: one!.languages, links: one!.links, careerGoals: one!.careerGoals }).toEqual({
        bio: separate!.profile.bio,
        languages: separate!.profile.languages,
        links: separate!.profile.links,
        careerGoals: separate!.profile.careerGoals,
      });
      expect(one!.skills).toEqual(await listMemberSkills(member.id));
      expect(one!.goals).toEqual(await listGoalSkills(member.id));
    }
  });

  it('gives empty lists for a member without skills, and nothing for an unknown handle', async () => {
    const member = await createMember();
    await getDb().delete(memberSkills).where(eq(memberSkills.userId, member.id));
    const one = await findPublicProfileByHandle(member.handle);
    expect(one?.skills).toEqual([]);
    expect(one?.goals).toEqual([]);
    expect(await findPublicProfileByHandle('nobody-here')).toBeUndefined();
  });
});
