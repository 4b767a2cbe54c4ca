import { asc, eq, inArray } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { type SkillCategory, skillAliases, skills } from '#db/schema/index.ts';

export type SkillRow = typeof skills.$inferSelect;

/** Every skill with how many members list it (kept by triggers) and its normalised aliases. */
export async function loadCatalogueRows(db: DbOrTx = getDb()) {
  const [skillRows, aliasRows] = await Promise.all([
    db
      .select({
        id: skills.id,
        slug: skills.slug,
        name: skills.name,
        normalized: skills.normalizedName,
        category: skills.category,
        curated: skills.curated,
        emerging: skills.emerging,
        members: skills.memberCount,
      })
      .from(skills),
    db.select({ alias: skillAliases.alias, skillId: skillAliases.skillId }).from(skillAliases),
  ]);
  return { skillRows, aliasRows };
}

/** The skill whose normalised name or alias is `normalized`. */
export async function findSkillByNormalized(normalized: string, db: DbOrTx = getDb()): Promise<SkillRow | undefined> {
  const byName = await db.select().from(skills).where(eq(skills.normalizedName, normalized)).get();
  if (byName) return byName;
  const byAlias = await db
    .select({ skill: skills })
    .from(skillAliases)
    .innerJoin(skills, eq(skills.id, skillAliases.skillId))
    .where(eq(skillAliases.alias, normalized))
    .get();
  return byAlias?.skill;
}

/** One skill by its URL slug. */
export function findSkillBySlug(slug: string, db: DbOrTx = getDb()): Promise<SkillRow | undefined> {
  return db.select().from(skills).where(eq(skills.slug, slug)).get();
}

/** One skill by id. */
export function findSkillById(id: number, db: DbOrTx = getDb()): Promise<SkillRow | undefined> {
  return db.select().from(skills).where(eq(skills.id, id)).get();
}

export interface SkillRef {
  id: number;
  slug: string;
  name: string;
}

/** Skills whose normalised name or alias is one of `keys`, keyed by that key (aliases lose to names). */
export async function findSkillsByNormalized(keys: string[], db: DbOrTx = getDb()): Promise<Map<string, SkillRef>> {
  const found = new Map<string, SkillRef>();
  if (keys.length === 0) return found;
  const [byName, byAlias] = await Promise.all([
    db
      .select({ id: skills.id, slug: skills.slug, name: skills.name, key: skills.normalizedName })
      .from(skills)
      .where(inArray(skills.normalizedName, keys)),
    db
      .select({ id: skills.id, slug: skills.slug, name: skills.name, key: skillAliases.alias })
      .from(skillAliases)
      .innerJoin(skills, eq(skills.id, skillAliases.skillId))
      .where(inArray(skillAliases.alias, keys)),
  ]);
  for (const row of [...byAlias, ...byName]) found.set(row.key, { id: row.id, slug: row.slug, name: row.name });
  return found;
}

/** Every skill name in the catalogue, alphabetically. */
export async function allSkillNames(db: DbOrTx = getDb()): Promise<string[]> {
  const rows = await db.select({ name: skills.name }).from(skills).orderBy(asc(skills.name));
  return rows.map((r) => r.name);
}

/** Slugs already taken among `candidates` (to pick a free one for a new skill). */
export async function takenSlugs(candidates: string[], db: DbOrTx): Promise<Set<string>> {
  const rows = await db.select({ slug: skills.slug }).from(skills).where(inArray(skills.slug, candidates));
  return new Set(rows.map((r) => r.slug));
}

/**
 * Inserts a member-made skill unless one with the same normalised name exists (a
 * concurrent add, say); either way returns the row that now holds that name.
 */
export async function insertSkillIfAbsent(
  values: {
    slug: string;
    name: string;
    normalizedName: string;
    category: SkillCategory;
    createdBy: string;
    createdAt: Date;
  },
  db: DbOrTx,
): Promise<SkillRow> {
  await db
    .insert(skills)
    .values({ ...values, curated: false, emerging: false })
    .onConflictDoNothing({ target: skills.normalizedName });
  const row = await db.select().from(skills).where(eq(skills.normalizedName, values.normalizedName)).get();
  if (!row) throw new Error(`Skill ${values.name} vanished right after it was inserted`);
  return row;
}

/** Skills by id (those that exist). */
export function findSkillsByIds(ids: number[], db: DbOrTx = getDb()): Promise<SkillRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.select().from(skills).where(inArray(skills.id, ids));
}

/** Aliases of the given skills, normalised, grouped by skill id. */
export async function aliasesOf(skillIds: number[], db: DbOrTx = getDb()): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (skillIds.length === 0) return map;
  const rows = await db
    .select({ alias: skillAliases.alias, skillId: skillAliases.skillId })
    .from(skillAliases)
    .where(inArray(skillAliases.skillId, [...new Set(skillIds)]))
    .orderBy(skillAliases.alias);
  for (const r of rows) map.set(r.skillId, [...(map.get(r.skillId) ?? []), r.alias]);
  return map;
}
