import { eq } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { mentoringRequests, notifications, searchJobs } from '#db/schema/index.ts';
import type { MemberViewer } from '#features/members/viewer.ts';
import type { CreateRequestInput } from '#features/requests/requests.ts';
import { toLocalInputValue } from '#server/time/zones.ts';
import type { Member } from '#tests/helpers/factories.ts';

/** The member as the services see a signed-in actor. */
export const as = (m: Member, role: MemberViewer['role'] = 'member'): MemberViewer => ({
  id: m.id,
  handle: m.handle,
  role,
});

/** A datetime-local value `days` from now in `zone`. */
export const inDays = (days: number, zone = 'UTC', hour = 15) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return toLocalInputValue(d, zone);
};

/** A valid request form, to override per test. */
export function requestForm(overrides: Partial<CreateRequestInput> = {}): CreateRequestInput {
  return {
    topic: 'Bun',
    kind: 'adhoc',
    want: 'Help me ship my first Bun HTTP server to production.',
    tried: 'Read the docs and ported one script.',
    outcome: 'A running service and confidence to keep going.',
    format: 'video',
    duration: 30,
    timezone: 'UTC',
    slot1: inDays(3),
    ...overrides,
  };
}

export const requestRow = (id: string) =>
  getDb().select().from(mentoringRequests).where(eq(mentoringRequests.id, id)).get();

export const noticesFor = (userId: string) =>
  getDb().select().from(notifications).where(eq(notifications.userId, userId));

export const peopleJob = (userId: string) =>
  getDb()
    .select()
    .from(searchJobs)
    .where(eq(searchJobs.dedupKey, `people:${userId}`))
    .get();
