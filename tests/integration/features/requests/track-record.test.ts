import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { endorsements, mentoringRequests, type RequestState, skills } from '#db/schema/index.ts';
import { trackRecordBySkill } from '#features/requests/outcomes/outcomes.repo.ts';
import { getTrackRecord } from '#features/requests/outcomes/outcomes.service.ts';
import { createMember, createRequest } from '#tests/helpers/factories.ts';
import { seededRandom } from '#tests/helpers/seeded-random.ts';

/** The record as two plain per-skill counts merged in code: what the one statement must equal. */
async function expectedRecord(userId: string) {
  const db = getDb();
  const completed = await db
    .select({ skillId: skills.id, slug: skills.slug, name: skills.name, n: count() })
    .from(mentoringRequests)
    .innerJoin(skills, eq(skills.id, mentoringRequests.skillId))
    .where(and(eq(mentoringRequests.recipientId, userId), eq(mentoringRequests.state, 'completed')))
    .groupBy(skills.id);
  const endorsed = await db
    .select({ skillId: skills.id, slug: skills.slug, name: skills.name, n: count() })
    .from(endorsements)
    .innerJoin(skills, eq(skills.id, endorsements.skillId))
    .where(eq(endorsements.endorseeId, userId))
    .groupBy(skills.id);
  const bySkill = new Map<
    number,
    { skillId: number; slug: string; name: string; completed: number; endorsements: number }
  >();
  for (const c of completed) bySkill.set(c.skillId, { ...c, completed: c.n, endorsements: 0 });
  for (const e of endorsed) {
    const entry = bySkill.get(e.skillId) ?? {
      skillId: e.skillId,
      slug: e.slug,
      name: e.name,
      completed: 0,
      endorsements: 0,
    };
    entry.endorsements = e.n;
    bySkill.set(e.skillId, entry);
  }
  return [...bySkill.values()].map(({ skillId, slug, name, completed, endorsements }) => ({
    skillId,
    slug,
    name,
    completed,
    endorsements,
  }));
}

const bySkillId = <T extends { skillId: number }>(rows: T[]) => [...rows].sort((a, b) => a.skillId - b.skillId);
const STATES: RequestState[] = ['open', 'accepted', 'completed', 'completed', 'declined', 'cancelled'];
const SKILLS = ['Bun', 'Rust', 'Kubernetes', 'TypeScript', 'PostgreSQL'];

describe('a track record in one statement', () => {
  it('counts the same completed sessions and endorsements per skill as separate per-skill counts', async () => {
    const next = seededRandom(4242);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const requesters = [await createMember(), await createMember()];
    for (let m = 0; m < 12; m++) {
      const helper = await createMember();
      const other = await createMember();
      for (let r = 0; r < Math.floor(next() * 9); r++) {
        const requester = pick(requesters);
        const state = pick(STATES);
        // Some requests go to someone else: they must not count for this helper.
        const recipient = next() < 0.8 ? helper : other;
        const skill = pick(SKILLS);
        const id = await createRequest({ requester, recipient, state, skill });
        if (state === 'completed' && next() < 0.6) {
          const skillId = (await getDb().select({ id: skills.id }).from(skills).where(eq(skills.name, skill)).get())!
            .id;
          await getDb()
            .insert(endorsements)
            .values({ requestId: id, endorserId: requester.id, endorseeId: recipient.id, skillId });
        }
      }
      expect(bySkillId(await trackRecordBySkill(helper.id))).toEqual(bySkillId(await expectedRecord(helper.id)));
      const record = await getTrackRecord(helper.id);
      expect(record.completed).toBe((await expectedRecord(helper.id)).reduce((n, s) => n + s.completed, 0));
    }
  });

  it('is empty for a member who never helped', async () => {
    const member = await createMember();
    expect(await trackRecordBySkill(member.id)).toEqual([]);
    expect(await getTrackRecord(member.id)).toEqual({ completed: 0, endorsements: 0, skills: [] });
  });
});
