import { eq, inArray } from 'drizzle-orm';
import { type DbOrTx, getDb } from '#db/client.ts';
import { skillAliases, skills } from '#db/schema/index.ts';
import { normalizeSkillName } from './skills.ts';

export interface TopicRef {
  id: number;
  slug: string;
  name: string;
}

/**
 * Resolves skill names a member typed (catalogue names or aliases: "k8s" → Kubernetes)
 * to catalogue skills. Returns the matches keyed by the normalised name typed, so the
 * caller can report the ones it did not find.
 */
export async function findSkillsByNames(names: string[], db: DbOrTx = getDb()): Promise<Map<string, TopicRef>> {
  const keys = [...new Set(names.map(normalizeSkillName).filter(Boolean))];
  const found = new Map<string, TopicRef>();
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

/** One skill by its URL slug. */
export function findSkillBySlug(slug: string, db: DbOrTx = getDb()): Promise<TopicRef | undefined> {
  return db
    .select({ id: skills.id, slug: skills.slug, name: skills.name })
    .from(skills)
    .where(eq(skills.slug, slug))
    .get();
}

/** Aliases per skill id, for search documents (aliases act as synonyms there). */
export async function aliasesForSkills(skillIds: number[], db: DbOrTx = getDb()): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  if (skillIds.length === 0) return result;
  const rows = await db
    .select({ skillId: skillAliases.skillId, alias: skillAliases.alias })
    .from(skillAliases)
    .where(inArray(skillAliases.skillId, [...new Set(skillIds)]));
  for (const row of rows) result.set(row.skillId, [...(result.get(row.skillId) ?? []), row.alias]);
  return result;
}

/**
 * Resolves a comma-separated topics field to catalogue skills, in the order typed.
 * Returns a message for the field when a name is unknown or there are too many.
 */
export async function resolveTopicField(
  names: string[],
  max: number,
  db: DbOrTx = getDb(),
): Promise<{ topics: TopicRef[]; error: string | null }> {
  if (names.length > max) return { topics: [], error: `Choose at most ${max} topics.` };
  const found = await findSkillsByNames(names, db);
  const unknown = names.filter((n) => !found.has(normalizeSkillName(n)));
  if (unknown.length > 0) {
    const list = unknown.map((n) => `“${n}”`).join(', ');
    return {
      topics: [],
      error: `We do not know ${list} as a topic. Use names from the skill catalogue, like Kubernetes or Rust.`,
    };
  }
  const seen = new Set<number>();
  const topics: TopicRef[] = [];
  for (const name of names) {
    const topic = found.get(normalizeSkillName(name))!;
    if (!seen.has(topic.id)) {
      seen.add(topic.id);
      topics.push(topic);
    }
  }
  return { topics, error: null };
}
