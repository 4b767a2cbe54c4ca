import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { demoId } from '#app/demo/demo-id.ts';
import { demoMembers } from '#app/demo/demo-members.ts';
import { generateCommunity } from '#app/demo/generate.ts';
import { isCommunityEmpty, seedDemo } from '#app/demo/index.ts';
import { database, getDb } from '#db/client.ts';
import { memberSkills, skillAliases, skills, users } from '#db/schema/index.ts';
import { catalogueEntries } from '#db/seed/catalogue.ts';
import { syncCatalogue } from '#features/skills/catalogue-sync.ts';

describe('seeding', () => {
  it('loads the whole catalogue with aliases, and re-syncing changes nothing', async () => {
    const before = await getDb().select({ n: count() }).from(skills).get();
    expect(before?.n).toBe(catalogueEntries().length);
    const k8s = await getDb()
      .select({ name: skills.name })
      .from(skillAliases)
      .innerJoin(skills, eq(skills.id, skillAliases.skillId))
      .where(eq(skillAliases.alias, 'k8s'))
      .get();
    expect(k8s?.name).toBe('Kubernetes');
    await syncCatalogue(database());
    expect((await getDb().select({ n: count() }).from(skills).get())?.n).toBe(before?.n);
  });

  it('seeds the demo community with stable ids, then tops it up with generated members', async () => {
    expect(await isCommunityEmpty(database())).toBe(true);
    const ctx = await seedDemo(database(), new Date('2026-11-01T00:00:00Z'));
    const first = demoMembers()[0]!;
    expect(ctx.members.get(first.handle)).toBe(demoId('user', first.handle));
    expect((await getDb().select({ n: count() }).from(users).get())?.n).toBe(demoMembers().length);
    const expectedSkills = demoMembers().reduce((sum, m) => sum + m.skills.length, 0);
    expect((await getDb().select({ n: count() }).from(memberSkills).get())?.n).toBe(expectedSkills);

    const created = await generateCommunity(database(), { totalMembers: 600 });
    expect(created).toBe(600 - demoMembers().length);
    expect((await getDb().select({ n: count() }).from(users).get())?.n).toBe(600);
    expect(await generateCommunity(database(), { totalMembers: 600 })).toBe(0);
  });
});
