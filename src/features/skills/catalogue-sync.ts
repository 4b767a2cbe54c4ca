import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { skillAliases, skills } from '#db/schema/index.ts';
import { catalogueEntries } from '#db/seed/catalogue.ts';
import { normalizeSkillName } from './skills.ts';

/**
 * Brings the database's curated skills and aliases in line with the catalogue file
 * (db/seed/skills.json). Idempotent and cheap (one transaction), so it runs on every
 * start: a new catalogue version reaches existing sites without a migration.
 * Member-added skills are left alone.
 */
export async function syncCatalogue(database: Database): Promise<void> {
  const entries = catalogueEntries();
  await database.db.transaction(async (tx) => {
    for (const entry of entries) {
      await tx
        .insert(skills)
        .values({
          slug: entry.slug,
          name: entry.name,
          normalizedName: normalizeSkillName(entry.name),
          category: entry.category,
          description: entry.description,
          emerging: entry.emerging,
          curated: true,
        })
        .onConflictDoUpdate({
          target: skills.normalizedName,
          set: {
            slug: entry.slug,
            name: entry.name,
            category: entry.category,
            description: entry.description,
            emerging: entry.emerging,
            curated: true,
          },
        });
    }
    const ids = new Map(
      (await tx.select({ id: skills.id, slug: skills.slug }).from(skills)).map((s) => [s.slug, s.id]),
    );
    for (const entry of entries) {
      const skillId = ids.get(entry.slug);
      if (skillId === undefined) continue;
      for (const alias of entry.aliases) {
        const normalized = normalizeSkillName(alias);
        if (!normalized || normalized === normalizeSkillName(entry.name)) continue;
        await tx
          .insert(skillAliases)
          .values({ alias: normalized, skillId })
          .onConflictDoUpdate({ target: skillAliases.alias, set: { skillId: sql`excluded.skill_id` } });
      }
    }
  });
}
