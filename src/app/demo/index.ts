import { count } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { skills, users } from '#db/schema/index.ts';
import { hashPassword } from '#server/auth/passwords.ts';
import { type DemoContext, seededRandom } from './context.ts';
import { seedDemoEvents } from './demo-events.ts';
import { demoId } from './demo-id.ts';
import { seedDemoLists } from './demo-lists.ts';
import { DEMO_PASSWORD, demoMembers, seedDemoMembers } from './demo-members.ts';
import { seedDemoModeration } from './demo-moderation.ts';
import { seedDemoOutcomes } from './demo-outcomes.ts';
import { queueDemoPeopleIndexing } from './demo-people-index.ts';
import { seedDemoRequests } from './demo-requests.ts';

/**
 * Seeds the demo community. Each step builds on the ones before it (members first,
 * then what members make); features add their steps to `DEMO_STEPS`.
 */
export const DEMO_STEPS: ((ctx: DemoContext) => Promise<void>)[] = [
  // Lists first: events attach them.
  seedDemoLists(demoId),
  seedDemoEvents(demoId, (handle) => demoMembers().find((m) => m.handle === handle)?.timezone ?? 'UTC'),
  seedDemoRequests,
  seedDemoModeration,
  // After events and requests: who came, what they said, how mentorships ended.
  seedDemoOutcomes,
  queueDemoPeopleIndexing,
];

export async function seedDemo(database: Database, now = new Date()): Promise<DemoContext> {
  const skillRows = await database.db.select({ id: skills.id, normalizedName: skills.normalizedName }).from(skills);
  const ctx: DemoContext = {
    db: database.db,
    now,
    members: new Map(),
    skillIds: new Map(skillRows.map((s) => [s.normalizedName, s.id])),
    random: seededRandom(20261122),
  };
  // One hash shared by every demo member: hashing ninety times would only slow the first start.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = new Map(demoMembers().map((m) => [m.handle, demoId('user', m.handle)]));
  await seedDemoMembers(ctx, passwordHash, ids);
  for (const step of DEMO_STEPS) await step(ctx);
  return ctx;
}

/** True when the database has no members yet (a fresh install). */
export async function isCommunityEmpty(database: Database): Promise<boolean> {
  const row = await database.db.select({ n: count() }).from(users).get();
  return (row?.n ?? 0) === 0;
}
