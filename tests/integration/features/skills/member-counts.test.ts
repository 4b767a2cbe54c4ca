import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { memberSkills, skills, users } from '#db/schema/index.ts';
import { getCatalogue } from '#features/skills/skills.service.ts';
import { dataChanged } from '#server/cache/invalidation.ts';
import { createMember, skillIdByName } from '#tests/helpers/factories.ts';

// skills.member_count is kept by triggers on member_skills (migration 0012) so the
// catalogue need not count every member's skills; it must always equal a fresh count.

/** Skills whose kept count differs from counting member_skills now. */
async function drifted() {
  return getDb().all<{ id: number; kept: number; counted: number }>(sql`
    SELECT s.id, s.member_count AS kept,
      (SELECT count(*) FROM ${memberSkills} m WHERE m.skill_id = s.id) AS counted
    FROM ${skills} s WHERE kept <> counted`);
}

const countOf = async (skillId: number) =>
  (await getDb().select({ n: skills.memberCount }).from(skills).where(eq(skills.id, skillId)).get())!.n;

describe('how many members list a skill', () => {
  it('follows adds, removals, moves and deleted members', async () => {
    const rust = await skillIdByName('Rust');
    const go = await skillIdByName('Go');
    const before = { rust: await countOf(rust), go: await countOf(go) };

    const ada = await createMember({ skills: [{ skill: 'Rust' }, { skill: 'Go' }] });
    const bob = await createMember({ skills: [{ skill: 'Rust' }] });
    expect(await countOf(rust)).toBe(before.rust + 2);
    expect(await countOf(go)).toBe(before.go + 1);

    await getDb()
      .delete(memberSkills)
      .where(sql`${memberSkills.userId} = ${bob.id} AND ${memberSkills.skillId} = ${rust}`);
    expect(await countOf(rust)).toBe(before.rust + 1);

    // A skill moved to another (as merging two skills would).
    await getDb()
      .update(memberSkills)
      .set({ skillId: go })
      .where(sql`${memberSkills.userId} = ${ada.id} AND ${memberSkills.skillId} = ${rust}`)
      .catch(() => undefined); // Ada already lists Go: the primary key refuses, and nothing moves
    await getDb()
      .delete(memberSkills)
      .where(sql`${memberSkills.userId} = ${ada.id} AND ${memberSkills.skillId} = ${go}`);
    await getDb()
      .update(memberSkills)
      .set({ skillId: go })
      .where(sql`${memberSkills.userId} = ${ada.id} AND ${memberSkills.skillId} = ${rust}`);
    expect(await countOf(rust)).toBe(before.rust);
    expect(await countOf(go)).toBe(before.go + 1);

    // A deleted account takes its skills with it (the foreign key's cascade).
    await getDb().delete(users).where(eq(users.id, ada.id));
    expect(await countOf(go)).toBe(before.go);
    expect(await drifted()).toEqual([]);
  });

  it('stays right under parallel adds and removals', async () => {
    const members = await Promise.all(Array.from({ length: 12 }, () => createMember({ skills: [{ skill: 'Zig' }] })));
    await Promise.all(
      members.map((m, i) =>
        i % 2 === 0
          ? getDb().delete(users).where(eq(users.id, m.id))
          : getDb().delete(memberSkills).where(eq(memberSkills.userId, m.id)),
      ),
    );
    expect(await drifted()).toEqual([]);
  });

  it('is what the catalogue reports', async () => {
    await createMember({ skills: [{ skill: 'Elixir' }] });
    dataChanged('skills');
    const catalogue = await getCatalogue();
    const elixir = await skillIdByName('Elixir');
    expect(catalogue.byId.get(elixir)?.members).toBe(await countOf(elixir));
    expect(catalogue.byId.get(elixir)?.members).toBeGreaterThan(0);
  });
});
