import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { jsonList } from '#db/reusable.ts';
import {
  distinctLanguages,
  findSkillLevelsOf,
  skillLevelsInRange,
  skillLevelsOf,
} from '#features/people/people.repo.ts';
import { createMember, type Member, skillIdByName } from '#tests/helpers/factories.ts';

let ada: Member;
let bo: Member;
let cy: Member;

beforeAll(async () => {
  ada = await createMember({
    handle: 'repo-ada',
    skills: [
      { skill: 'Rust', level: 5, canTeach: true },
      { skill: 'Go', level: 1, wantsToLearn: true },
      { skill: 'Kubernetes', level: 3, canTeach: true, wantsToLearn: true },
    ],
  });
  bo = await createMember({ handle: 'repo-bo', skills: [{ skill: 'Rust', level: 2 }] });
  cy = await createMember({ handle: 'repo-cy' });
});

const planOf = async (text: string) =>
  (await getDb().all<{ detail: string }>(sql.raw(`explain query plan ${text}`))).map((p) => p.detail).join('\n');

describe("members' skill levels, packed one row a member", () => {
  it('unpacks every level and teach/learn combination, and members without skills have none', async () => {
    const [rust, go, kubernetes] = (await Promise.all(
      ['Rust', 'Go', 'Kubernetes'].map((name) => skillIdByName(name)),
    )) as [number, number, number];
    const rows = await findSkillLevelsOf([ada.id, bo.id, cy.id, 'nobody']);
    const sorted = (list: typeof rows) =>
      [...list].sort((x, y) => x.userId.localeCompare(y.userId) || x.skillId - y.skillId);
    expect(sorted(rows)).toEqual(
      sorted([
        { userId: ada.id, skillId: rust, level: 5, canTeach: true, wantsToLearn: false },
        { userId: ada.id, skillId: go, level: 1, canTeach: false, wantsToLearn: true },
        { userId: ada.id, skillId: kubernetes, level: 3, canTeach: true, wantsToLearn: true },
        { userId: bo.id, skillId: rust, level: 2, canTeach: false, wantsToLearn: false },
      ]),
    );
    expect(await findSkillLevelsOf([])).toEqual([]);
    const [low, high] = [ada.id, bo.id].sort();
    const inRange = await skillLevelsInRange(String.fromCharCode(0), high!);
    expect(inRange.filter((r) => r.userId === low).length).toBe(low === ada.id ? 3 : 1);
  });

  it('reads only the covering index, never the table rows, for a page of results and for a rebuild', async () => {
    const { sql: byIds } = skillLevelsOf(getDb()).getQuery();
    const ids = jsonList([ada.id, bo.id]).replaceAll("'", "''");
    const page = await planOf(byIds.replace('?', `'${ids}'`));
    expect(page).toMatch(/SEARCH member_skills USING COVERING INDEX member_skills_levels_idx \(user_id=\?\)/);
    const range = await planOf(
      `select user_id, group_concat(skill_id * 32 + level * 4 + can_teach * 2 + wants_to_learn) from member_skills
       where user_id > 'a' and user_id <= 'z' group by user_id`,
    );
    expect(range).toMatch(/COVERING INDEX member_skills_levels_idx/);
  });
});

describe('the languages members list', () => {
  it('are every language of every profile, once, read from the distinct lists in the index', async () => {
    await createMember({ handle: 'repo-langs-1', languages: ['Yoruba', 'Basque'] });
    await createMember({ handle: 'repo-langs-2', languages: ['Basque'] });
    await createMember({ handle: 'repo-langs-3', languages: ['Basque', 'Yoruba'] });
    const languages = await distinctLanguages();
    expect(languages.filter((l) => l === 'Basque' || l === 'Yoruba').sort()).toEqual(['Basque', 'Yoruba']);
    const counted = await getDb().all<{ value: string }>(
      sql`SELECT DISTINCT j.value AS value FROM profiles, json_each(profiles.languages) AS j`,
    );
    expect([...languages].sort()).toEqual(counted.map((r) => r.value).sort());
    const plan = await planOf(
      'SELECT DISTINCT j.value FROM (SELECT DISTINCT languages AS list FROM profiles) AS lists, json_each(lists.list) AS j',
    );
    expect(plan).toContain('COVERING INDEX profiles_languages_idx');
  });
});
