import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoId } from '#app/demo/demo-id.ts';
import { DEMO_ADMIN, DEMO_MODERATOR } from '#app/demo/demo-moderation.ts';
import { seedDemo } from '#app/demo/index.ts';
import { database, getDb } from '#db/client.ts';
import { endorsements, mentoringRequests, mentorshipItems, REQUEST_STATES, reports, users } from '#db/schema/index.ts';
import { openRequestCounts } from '#features/members/members.service.ts';
import { moderationQueue } from '#features/moderation/queue.service.ts';
import { expireRequests } from '#features/requests/jobs/request-jobs.ts';
import { getTrackRecord } from '#features/requests/outcomes/outcomes.service.ts';

describe('demo requests', () => {
  it('seeds requests in every state, reverse mentoring, plans, endorsements and a report, consistently', async () => {
    const ctx = await seedDemo(database());
    const rows = await getDb().select().from(mentoringRequests);
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(REQUEST_STATES));
    expect(rows.filter((r) => r.reverse && r.reverseAuto).length).toBeGreaterThanOrEqual(5);
    expect(
      rows.filter((r) => r.openCall && r.recipientId === null && r.state === 'open').length,
    ).toBeGreaterThanOrEqual(2);
    expect((await getDb().select({ n: count() }).from(mentorshipItems).get())!.n).toBeGreaterThan(10);
    expect((await getDb().select({ n: count() }).from(endorsements).get())!.n).toBeGreaterThan(10);

    // Stable ids: demo links survive a re-seed.
    expect(rows.some((r) => r.id === demoId('request', 'amara-bun'))).toBe(true);
    const tunde = await getTrackRecord(ctx.members.get('tunde-adeyemi')!);
    expect(tunde.skills.find((s) => s.name === 'Bun')).toMatchObject({
      completed: expect.any(Number),
      endorsements: expect.any(Number),
    });
    expect(tunde.endorsements).toBeGreaterThan(0);

    // Nothing already past its expiry, and nobody over their own capacity.
    expect(await expireRequests(ctx.now)).toBe(0);
    const counts = await openRequestCounts([...ctx.members.values()]);
    const capacities = await database().client.execute('SELECT user_id, capacity_open_requests FROM profiles');
    for (const row of capacities.rows)
      expect(counts.get(String(row.user_id)) ?? 0).toBeLessThanOrEqual(Number(row.capacity_open_requests));

    const moderator = await getDb().select().from(users).where(eq(users.handle, DEMO_MODERATOR)).get();
    expect(moderator!.role).toBe('moderator');
    const admin = await getDb().select().from(users).where(eq(users.handle, DEMO_ADMIN)).get();
    expect(admin!.role).toBe('admin');
    // The reported request, two reports on one profile and one on a list: the queue is not empty on a fresh start.
    expect(await getDb().select().from(reports)).toHaveLength(4);
    const queue = await moderationQueue(
      { id: moderator!.id, handle: moderator!.handle, role: 'moderator' },
      { sort: 'most' },
    );
    expect(queue.cases.map((c) => [c.kind, c.openReports])).toEqual([
      ['profile', 2],
      ['request', 1],
      ['list', 1],
    ]);
  });
});
