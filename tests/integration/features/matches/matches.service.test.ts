import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { users } from '#db/schema/index.ts';
import { blockMember } from '#features/blocks/blocks.service.ts';
import { getSuggestedMatches } from '#features/matches/matches.service.ts';
import { createMember, createRequest } from '#tests/helpers/factories.ts';

const handles = async (viewerId: string) => (await getSuggestedMatches(viewerId)).matches.map((m) => m.handle);

describe('suggested matches', () => {
  it('asks for skills first when the member has none to match on', async () => {
    const me = await createMember();
    expect(await getSuggestedMatches(me.id)).toEqual({ needsSkills: true, matches: [] });
  });

  it('suggests complementary people with reasons, two-way matches first, never the viewer', async () => {
    const me = await createMember({
      seniority: 'senior',
      skills: [
        { skill: 'Go', level: 5, canTeach: true },
        { skill: 'Bun', level: 1, wantsToLearn: true },
      ],
    });
    const twoWay = await createMember({
      seniority: 'junior',
      skills: [
        { skill: 'Bun', level: 4, canTeach: true },
        { skill: 'Go', level: 1, wantsToLearn: true },
      ],
    });
    const oneWay = await createMember({ skills: [{ skill: 'Bun', level: 5, canTeach: true }] });
    await createMember({ skills: [{ skill: 'Haskell', level: 5, canTeach: true }] }); // nothing in common

    const { matches } = await getSuggestedMatches(me.id);
    expect(matches.map((m) => m.handle)).toEqual([twoWay.handle, oneWay.handle]);
    expect(matches[0]).toMatchObject({
      mutual: true,
      reverse: true,
      askUrl: `/requests/new?to=${twoWay.handle}&topic=bun`,
    });
    expect(matches[0]!.reasons.map((r) => [r.kind, r.skills.map((s) => s.name)])).toEqual([
      ['teaches-what-you-learn', ['Bun']],
      ['learns-what-you-teach', ['Go']],
    ]);
  });

  it('leaves out people blocked either way, suspended, away, not taking requests or at capacity', async () => {
    const me = await createMember({ skills: [{ skill: 'Rust', level: 1, wantsToLearn: true }] });
    const teach = [{ skill: 'Rust', level: 5, canTeach: true }];
    const fine = await createMember({ skills: teach });
    const iBlocked = await createMember({ skills: teach });
    const blockedMe = await createMember({ skills: teach });
    const suspended = await createMember({ skills: teach });
    await createMember({ skills: teach, unavailableUntil: '2999-01-01' }); // away
    await createMember({ skills: teach, capacityOpenRequests: 0 }); // not taking requests
    const full = await createMember({ skills: teach, capacityOpenRequests: 1 });
    await blockMember(me.id, iBlocked.handle);
    await blockMember(blockedMe.id, me.handle);
    await getDb().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, suspended.id));
    await createRequest({ requester: await createMember(), recipient: full, state: 'open' });

    expect(await handles(me.id)).toEqual([fine.handle]);
  });

  it('suggests people who know the skills on the viewer’s career goals', async () => {
    const me = await createMember({ goalSkills: ['System design'] });
    const mentor = await createMember({ skills: [{ skill: 'System design', level: 5, canTeach: true }] });
    const { matches } = await getSuggestedMatches(me.id);
    expect(matches.map((m) => m.handle)).toEqual([mentor.handle]);
    expect(matches[0]!.reasons[0]!.kind).toBe('helps-your-goal');
  });
});
