import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { runDataFixups } from '#app/data-fixups.ts';
import { getDb } from '#db/client.ts';
import { mentoringRequests, profiles } from '#db/schema/index.ts';
import { createMember, createRequest } from '#tests/helpers/factories.ts';

const requestRow = (id: string) => getDb().select().from(mentoringRequests).where(eq(mentoringRequests.id, id)).get();
const setUpAt = async (userId: string) =>
  (await getDb().select({ at: profiles.setUpAt }).from(profiles).where(eq(profiles.userId, userId)).get())?.at;

describe('start-up data fix-ups', () => {
  it('turns a request of the old kind "reverse" into ongoing + reverse, and leaves the others alone', async () => {
    const senior = await createMember({ seniority: 'senior' });
    const junior = await createMember({ seniority: 'junior' });
    const legacy = await createRequest({ requester: senior, recipient: junior, kind: 'ongoing' });
    const plain = await createRequest({ requester: junior, recipient: senior, kind: 'adhoc' });
    // Stored by an earlier version, before reverse mentoring became a flag.
    await getDb().run(sql`UPDATE mentoring_requests SET kind = 'reverse', reverse = 0 WHERE id = ${legacy}`);

    await runDataFixups();
    expect(await requestRow(legacy)).toMatchObject({ kind: 'ongoing', reverse: true });
    expect(await requestRow(plain)).toMatchObject({ kind: 'adhoc', reverse: false });
    await runDataFixups(); // idempotent
    expect(await requestRow(legacy)).toMatchObject({ kind: 'ongoing', reverse: true });
  });

  it('counts earlier profiles with chosen values as set up, and leaves untouched newcomers asking', async () => {
    const earlier = await createMember({ setUp: false, seniority: 'junior', timezone: 'Asia/Kolkata' });
    const newcomer = await createMember({ setUp: false });
    await runDataFixups();
    expect(await setUpAt(earlier.id)).toBeInstanceOf(Date);
    expect(await setUpAt(newcomer.id)).toBeNull();
  });
});
