import { join } from 'node:path';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { generateCommunity } from '#app/demo/generate.ts';
import { seedDemo } from '#app/demo/index.ts';
import { openDatabase, tuneFileDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { memberSkills, profiles, skillAliases, skills, users } from '#db/schema/index.ts';
import { syncCatalogue } from '#features/skills/catalogue-sync.ts';
import { createSession } from '#server/auth/sessions.ts';
import type { QueryMaterial } from './http-queries.ts';

/** A seeded benchmark community: where it is, and what requests can be made of. */
export interface Community {
  databaseUrl: string;
  /** Handles of public members, the best-filled first. */
  handles: string[];
  /** `session=<token>` cookies of signed-in members. */
  cookies: string[];
  material: QueryMaterial;
  seedMs: number;
}

/**
 * Seeds the demo plus generated members up to `members` into `dir`, and signs in
 * `signedIn` members (sessions written straight into the database, as a sign-in does).
 */
export async function seedCommunity(dir: string, members: number, signedIn = 40): Promise<Community> {
  const started = performance.now();
  const databaseUrl = `file:${join(dir, 'whoknows.db')}`;
  const database = openDatabase(databaseUrl);
  try {
    await tuneFileDatabase(database);
    await migrateDatabase(database);
    await syncCatalogue(database);
    await seedDemo(database);
    await generateCommunity(database, { totalMembers: members });
    const seedMs = performance.now() - started;
    const { db } = database;
    const publicMembers = await db
      .select({ id: users.id, handle: users.handle, name: users.displayName })
      .from(users)
      .innerJoin(profiles, eq(profiles.userId, users.id))
      .innerJoin(memberSkills, eq(memberSkills.userId, users.id))
      .where(eq(profiles.visibility, 'public'))
      .groupBy(users.id)
      .orderBy(desc(sql`count(${memberSkills.skillId})`), users.handle)
      .limit(3000);
    const cookies: string[] = [];
    for (const member of publicMembers.slice(0, signedIn)) {
      const { token } = await createSession(member.id, db);
      cookies.push(`session=${token}`);
    }
    const used = await db
      .selectDistinct({ id: skills.id, name: skills.name, slug: skills.slug })
      .from(skills)
      .where(inArray(skills.id, db.select({ id: memberSkills.skillId }).from(memberSkills)));
    const aliasRows = await db
      .select({ skillId: skillAliases.skillId, alias: skillAliases.alias })
      .from(skillAliases)
      .where(
        and(
          inArray(
            skillAliases.skillId,
            used.map((s) => s.id),
          ),
        ),
      );
    const languages = await db.all<{ value: string }>(
      sql`SELECT DISTINCT j.value AS value FROM ${profiles}, json_each(${profiles.languages}) AS j LIMIT 40`,
    );
    return {
      databaseUrl,
      handles: publicMembers.map((m) => m.handle),
      cookies,
      material: {
        skills: used.map((s) => ({
          name: s.name,
          slug: s.slug,
          aliases: aliasRows.filter((a) => a.skillId === s.id).map((a) => a.alias),
        })),
        names: publicMembers.map((m) => m.name),
        languages: languages.map((l) => l.value),
      },
      seedMs,
    };
  } finally {
    database.close();
  }
}
