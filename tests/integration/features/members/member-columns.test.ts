import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { database, getDb } from '#db/client.ts';
import { events, profiles, users } from '#db/schema/index.ts';
import { isActiveMember, isListedMember } from '#features/members/member-columns.ts';
import { createEvent, createMember } from '#tests/helpers/factories.ts';

// `isActiveMember` guards every query about a member's things (events, lists, requests)
// that does not join `users` itself. It must leave out suspended and leaving members,
// and it must cost a primary-key look-up per row read, not a pass over every member:
// the list form (`IN (SELECT id FROM users WHERE …)`) made the profile page six times
// slower at 10,000 members.
const ids: Record<'active' | 'suspended' | 'leaving' | 'hidden', string> = {
  active: '',
  suspended: '',
  leaving: '',
  hidden: '',
};

beforeAll(async () => {
  for (const standing of ['active', 'suspended', 'leaving', 'hidden'] as const) {
    const member = await createMember();
    ids[standing] = (await createEvent({ organizer: member, title: `Organised by a ${standing} member` })).id;
    if (standing === 'suspended')
      await getDb().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, member.id));
    if (standing === 'leaving')
      await getDb()
        .update(users)
        .set({ deletionDueAt: new Date(Date.now() + 14 * 86_400_000) })
        .where(eq(users.id, member.id));
    if (standing === 'hidden')
      await getDb().update(profiles).set({ hiddenAt: new Date() }).where(eq(profiles.userId, member.id));
  }
});

const activeOnly = () => isActiveMember(events.organizerId);

describe('isActiveMember', () => {
  it("keeps an active member's things and leaves out a suspended or leaving member's", async () => {
    const rows = await getDb()
      .select({ id: events.id })
      .from(events)
      .where(sql`${inArray(events.id, Object.values(ids))} AND ${activeOnly()}`);
    expect(rows.map((r) => r.id).sort()).toEqual([ids.active, ids.hidden].sort());
  });

  it('works inside a query that joins users itself (the subquery names its own row)', async () => {
    const rows = await getDb()
      .select({ id: events.id, organiser: users.handle })
      .from(events)
      .innerJoin(users, eq(users.id, events.organizerId))
      .where(sql`${inArray(events.id, Object.values(ids))} AND ${activeOnly()}`);
    expect(rows.map((r) => r.id).sort()).toEqual([ids.active, ids.hidden].sort());
  });

  it('looks the member up by primary key for each row instead of listing every member', async () => {
    const query = getDb().select({ id: events.id }).from(events).where(activeOnly()).toSQL();
    const plan = await database().client.execute({
      sql: `EXPLAIN QUERY PLAN ${query.sql}`,
      args: query.params as never[],
    });
    const steps = plan.rows.map((r) => String(r.detail));
    expect(steps.some((s) => /^SEARCH standing USING .*\(id=\?\)/.test(s))).toBe(true);
    expect(steps.some((s) => /LIST SUBQUERY|SCAN (users|standing)/.test(s))).toBe(false);
  });
});

describe('isListedMember', () => {
  it('keeps only an active member whose profile is not hidden, also in a query that joins users itself', async () => {
    const alone = await getDb()
      .select({ id: events.id })
      .from(events)
      .where(sql`${inArray(events.id, Object.values(ids))} AND ${isListedMember(events.organizerId)}`);
    const joined = await getDb()
      .select({ id: events.id, organiser: users.handle })
      .from(events)
      .innerJoin(users, eq(users.id, events.organizerId))
      .innerJoin(profiles, eq(profiles.userId, users.id))
      .where(sql`${inArray(events.id, Object.values(ids))} AND ${isListedMember(events.organizerId)}`);
    expect(alone.map((r) => r.id)).toEqual([ids.active]);
    expect(joined.map((r) => r.id)).toEqual([ids.active]);
  });

  it('looks the member and their profile up by key for each row instead of listing every member', async () => {
    const query = getDb().select({ id: events.id }).from(events).where(isListedMember(events.organizerId)).toSQL();
    const plan = await database().client.execute({
      sql: `EXPLAIN QUERY PLAN ${query.sql}`,
      args: query.params as never[],
    });
    const steps = plan.rows.map((r) => String(r.detail));
    expect(steps.some((s) => /^SEARCH standing USING .*\(id=\?\)/.test(s))).toBe(true);
    expect(steps.some((s) => /^SEARCH standing_profile USING .*\(user_id=\?\)/.test(s))).toBe(true);
    expect(steps.some((s) => /LIST SUBQUERY|SCAN (users|profiles|standing)/.test(s))).toBe(false);
  });
});
