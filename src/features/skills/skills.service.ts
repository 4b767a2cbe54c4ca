import type { DbOrTx } from '#db/client.ts';
import type { SkillCategory } from '#db/schema/index.ts';
import { TtlCache } from '#server/cache/ttl-cache.ts';
import { invalid } from '#server/errors.ts';
import { type CatalogueSkill, matchSkills, nearestSkills, type SkillMatch } from './skill-match.ts';
import * as repo from './skills.repo.ts';
import { cleanSkillName, normalizeSkillName, slugifySkillName } from './skills.ts';

export interface Catalogue {
  skills: CatalogueSkill[];
  byId: Map<number, CatalogueSkill & { emerging: boolean }>;
  bySlug: Map<string, CatalogueSkill & { emerging: boolean }>;
  /** Normalised name or alias → skill. */
  byNormalized: Map<string, CatalogueSkill & { emerging: boolean }>;
}

// Trusted for a minute (other processes' new skills show up within it), and dropped at
// once when this process learns the skills changed.
const catalogueCache = new TtlCache<'catalogue', Promise<Catalogue>>({
  ttlMs: 60_000,
  maxEntries: 1,
  clearOn: ['skills'],
});

async function buildCatalogue(): Promise<Catalogue> {
  const { skillRows, aliasRows } = await repo.loadCatalogueRows();
  const aliases = new Map<number, string[]>();
  for (const a of aliasRows) aliases.set(a.skillId, [...(aliases.get(a.skillId) ?? []), a.alias]);
  const list = skillRows.map((s) => ({ ...s, aliases: (aliases.get(s.id) ?? []).sort() }));
  const byNormalized = new Map<string, (typeof list)[number]>();
  for (const s of list) for (const a of s.aliases) byNormalized.set(a, s);
  for (const s of list) byNormalized.set(s.normalized, s); // names win over aliases
  return {
    skills: list,
    byId: new Map(list.map((s) => [s.id, s])),
    bySlug: new Map(list.map((s) => [s.slug, s])),
    byNormalized,
  };
}

/** The skill catalogue with aliases and usage, cached in memory for a minute. */
export function getCatalogue(now = Date.now()): Promise<Catalogue> {
  return catalogueCache.getOrLoad('catalogue', buildCatalogue, now);
}

export interface SkillSuggestion {
  id: number;
  slug: string;
  name: string;
  /** The alias the text matched, for "Kubernetes (k8s)". */
  alias: string | null;
  category: string;
  members: number;
}

function toSuggestion(m: SkillMatch): SkillSuggestion {
  return {
    id: m.skill.id,
    slug: m.skill.slug,
    name: m.skill.name,
    alias: m.alias,
    category: m.skill.category,
    members: m.skill.members,
  };
}

/** Type-ahead over the catalogue: names, aliases, prefixes and small typos. */
export async function suggestSkills(text: string, limit = 8): Promise<SkillSuggestion[]> {
  const query = cleanSkillName(text);
  if (!normalizeSkillName(query)) return [];
  const catalogue = await getCatalogue();
  return matchSkills(query, catalogue.skills, { limit, onlyInUse: true }).map(toSuggestion);
}

/** The closest skills to a query that found nothing: prefixes and typos first, then anything near. */
export async function closestSkills(text: string, limit = 5): Promise<SkillSuggestion[]> {
  const catalogue = await getCatalogue();
  const out = new Map<number, SkillSuggestion>();
  const add = (s: SkillSuggestion) => out.size < limit && !out.has(s.id) && out.set(s.id, s);
  for (const m of matchSkills(text, catalogue.skills, { limit, onlyInUse: true, extraTypos: 1 })) add(toSuggestion(m));
  // Then anything near the whole text, then near each of its words ("kubrnetes in berlin"),
  // each list scanned only while there is room (a one-word text is one list).
  const whole = normalizeSkillName(text);
  const texts = [text, ...text.split(/\s+/).filter((w) => w.length >= 3 && normalizeSkillName(w) !== whole)];
  for (const near of texts) {
    if (out.size >= limit) break;
    for (const skill of nearestSkills(near, catalogue.skills, limit))
      add(toSuggestion({ skill, alias: null, kind: 'typo', score: 0 }));
  }
  return [...out.values()];
}

/** The existing skill a name or alias stands for ("k8s" → Kubernetes), or null. */
export async function findSkillByName(name: string): Promise<CatalogueSkill | null> {
  const normalized = normalizeSkillName(name);
  if (!normalized) return null;
  const catalogue = await getCatalogue();
  return catalogue.byNormalized.get(normalized) ?? (await fresh(normalized));
}

/** A skill made by another process within the cache's lifetime is still found, read from the database. */
async function fresh(normalized: string): Promise<CatalogueSkill | null> {
  const row = await repo.findSkillByNormalized(normalized);
  if (!row) return null;
  const aliases = (await repo.aliasesOf([row.id])).get(row.id) ?? [];
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    normalized: row.normalizedName,
    aliases,
    category: row.category,
    curated: row.curated,
    members: 0,
  };
}

export const NEW_SKILL_MAX_LENGTH = 60;

/**
 * The skill a member means by `typed`: an existing skill when the normalised name or
 * an alias matches ("K8S", "node js" → Node.js), otherwise a new member-made skill.
 * Runs inside the caller's transaction; concurrent adds of the same new name end up
 * with one skill (the unique normalised name decides).
 */
export async function resolveOrCreateSkill(
  tx: DbOrTx,
  typed: string,
  userId: string,
  field = 'skill',
  now = new Date(),
): Promise<{ id: number; name: string; slug: string; created: boolean }> {
  const name = cleanSkillName(typed);
  const normalized = normalizeSkillName(name);
  if (!normalized) throw invalid({ [field]: 'Type the name of a skill, like “Kubernetes” or “Figma”.' });
  if (typed.trim().length > NEW_SKILL_MAX_LENGTH) {
    throw invalid({ [field]: `Skill names are at most ${NEW_SKILL_MAX_LENGTH} characters.` });
  }
  const existing = await repo.findSkillByNormalized(normalized, tx);
  if (existing) return { id: existing.id, name: existing.name, slug: existing.slug, created: false };

  const base = slugifySkillName(name);
  const candidates = [base, ...Array.from({ length: 8 }, (_, i) => `${base}-${i + 2}`)];
  const taken = await repo.takenSlugs(candidates, tx);
  const slug = candidates.find((c) => !taken.has(c)) ?? `${base}-${now.getTime().toString(36)}`;
  const category: SkillCategory = 'other';
  const row = await repo.insertSkillIfAbsent(
    { slug, name, normalizedName: normalized, category, createdBy: userId, createdAt: now },
    tx,
  );
  // Still inside the caller's transaction: the caller tells the caches after it commits.
  return { id: row.id, name: row.name, slug: row.slug, created: row.createdBy === userId && row.slug === slug };
}

export type { SkillRef } from './skills.repo.ts';

/** One skill by its URL slug (the one home of "skill by slug"). */
export async function findSkillBySlug(slug: string): Promise<repo.SkillRow | null> {
  return (await repo.findSkillBySlug(slug)) ?? null;
}

/** One skill by id. */
export async function findSkillById(id: number): Promise<repo.SkillRow | null> {
  return (await repo.findSkillById(id)) ?? null;
}

/** A skill by slug, name or alias ("kubernetes", "Kubernetes", "k8s"), as typed in a topic field or a link. */
export async function findSkillByTopic(topic: string): Promise<repo.SkillRef | null> {
  const bySlug = await repo.findSkillBySlug(topic.trim().toLowerCase());
  if (bySlug) return { id: bySlug.id, slug: bySlug.slug, name: bySlug.name };
  const normalized = normalizeSkillName(topic);
  const found = normalized ? await repo.findSkillByNormalized(normalized) : undefined;
  return found ? { id: found.id, slug: found.slug, name: found.name } : null;
}

/**
 * Resolves a comma-separated topics field (catalogue names or aliases: "k8s" →
 * Kubernetes) to skills, in the order typed. Returns a message for the field when a
 * name is unknown or there are too many.
 */
export async function resolveTopicField(
  names: string[],
  max: number,
): Promise<{ topics: repo.SkillRef[]; error: string | null }> {
  if (names.length > max) return { topics: [], error: `Choose at most ${max} topics.` };
  const found = await repo.findSkillsByNormalized([...new Set(names.map(normalizeSkillName).filter(Boolean))]);
  const unknown = names.filter((n) => !found.has(normalizeSkillName(n)));
  if (unknown.length > 0) {
    const list = unknown.map((n) => `“${n}”`).join(', ');
    return {
      topics: [],
      error: `We do not know ${list} as a topic. Use names from the skill catalogue, like Kubernetes or Rust.`,
    };
  }
  const seen = new Set<number>();
  const topics: repo.SkillRef[] = [];
  for (const name of names) {
    const topic = found.get(normalizeSkillName(name))!;
    if (!seen.has(topic.id)) {
      seen.add(topic.id);
      topics.push(topic);
    }
  }
  return { topics, error: null };
}

/** Normalised aliases per skill id (search documents use them as synonyms). */
export function skillAliases(skillIds: number[]): Promise<Map<number, string[]>> {
  return repo.aliasesOf(skillIds);
}

/** What a search document says of a skill. */
export interface SkillFacts {
  slug: string;
  name: string;
  /** Normalised aliases, sorted. */
  aliases: string[];
}

/**
 * Slug, name and aliases of these skills: from the cached catalogue, and from the
 * database for any it does not hold yet (made by another process since it was read).
 * Indexing 100,000 members reads about 800,000 member skills; naming them from memory
 * instead of a join and an alias query per batch is a fifth of that work.
 */
export async function skillFactsOf(skillIds: Iterable<number>): Promise<Map<number, SkillFacts>> {
  const catalogue = await getCatalogue();
  const out = new Map<number, SkillFacts>();
  const missing: number[] = [];
  for (const id of new Set(skillIds)) {
    const skill = catalogue.byId.get(id);
    if (skill) out.set(id, { slug: skill.slug, name: skill.name, aliases: skill.aliases });
    else missing.push(id);
  }
  if (missing.length === 0) return out;
  const [rows, aliases] = await Promise.all([repo.findSkillsByIds(missing), repo.aliasesOf(missing)]);
  for (const row of rows) out.set(row.id, { slug: row.slug, name: row.name, aliases: aliases.get(row.id) ?? [] });
  return out;
}

/** Every skill name in the catalogue, for a topic field's suggestions. */
export function allSkillNames(): Promise<string[]> {
  return repo.allSkillNames();
}
