import { describe, expect, it } from 'vitest';
import { getCommunityOverview } from '#features/community/community.service.ts';
import { createMember } from '#tests/helpers/factories.ts';

describe('community overview', () => {
  it('counts reverse mentors the way profiles badge them', async () => {
    const before = (await getCommunityOverview(null)).counts;
    const teaches = [{ skill: 'Bun', level: 4, canTeach: true }];
    await createMember({ seniority: 'junior', openToReverse: true, skills: teaches }); // counts
    await createMember({ seniority: 'student', openToReverse: true, skills: teaches }); // counts
    await createMember({ seniority: 'staff', openToReverse: true, skills: teaches }); // seeks it, does not offer
    await createMember({
      seniority: 'junior',
      openToReverse: true,
      skills: [{ skill: 'Bun', level: 2, wantsToLearn: true }],
    }); // teaches nothing
    await createMember({ seniority: 'junior', openToReverse: false, skills: teaches }); // not open to it
    const after = (await getCommunityOverview(null)).counts;
    expect(after.reverseMentors - before.reverseMentors).toBe(2);
    expect(after.members - before.members).toBe(5);
    expect(after.teachers - before.teachers).toBe(4);
  });

  it('shows visitors only public members among the recently joined', async () => {
    const skills = [{ skill: 'Go', level: 3 }];
    const hidden = await createMember({ visibility: 'members', skills, createdAt: new Date(Date.now() + 60_000) });
    const shown = await createMember({ skills, createdAt: new Date(Date.now() + 120_000) });
    const visitor = (await getCommunityOverview(null)).recent.map((m) => m.handle);
    expect(visitor).toContain(shown.handle);
    expect(visitor).not.toContain(hidden.handle);
    const member = (await getCommunityOverview(shown)).recent.map((m) => m.handle);
    expect(member).toContain(hidden.handle);
  });

  it('leaves empty new profiles out of the recently joined (a member with no skill is nobody to ask yet)', async () => {
    const empty = await createMember({ createdAt: new Date(Date.now() + 180_000) });
    const useful = await createMember({
      skills: [{ skill: 'Rust', level: 2 }],
      createdAt: new Date(Date.now() + 170_000),
    });
    const recent = (await getCommunityOverview(null)).recent.map((m) => m.handle);
    expect(recent).toContain(useful.handle);
    expect(recent).not.toContain(empty.handle);
  });
});
