import type { SkillCategory } from '#db/schema/skills.ts';
import { availabilityState, localDate } from '#features/members/availability.ts';
import { levelWord } from '#features/members/levels.ts';
import { memberZone, teachersOf } from '#features/members/members.service.ts';
import { SENIORITY_LABELS } from '#features/members/seniority.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { visibleTo } from '#features/members/visibility.ts';
import { matchSkills } from '#features/skills/skill-match.ts';
import { findSkillById, findSkillBySlug, getCatalogue } from '#features/skills/skills.service.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';
import { notFound } from '#server/errors.ts';
import { formatUtcOffset, relativeZoneLabel } from '#server/time/zones.ts';
import * as repo from './topics.repo.ts';
import { groupTopics, type TopicGroup } from './topics.ts';

/**
 * Every skill that members (visible to the viewer) list, grouped by category, with
 * how many list, teach and want to learn it; `filter` keeps names and aliases that match.
 */
export async function listTopics(viewer: Viewer, filter = ''): Promise<{ groups: TopicGroup[]; total: number }> {
  const [catalogue, counts] = await Promise.all([getCatalogue(), repo.topicCounts(visibleTo(viewer))]);
  let allowed: Set<number> | null = null;
  const text = filter.trim().slice(0, 60);
  if (text) allowed = new Set(matchSkills(text, catalogue.skills, { limit: 1000 }).map((m) => m.skill.id));
  const topics = counts.flatMap((c) => {
    const skill = catalogue.byId.get(c.skillId);
    if (!skill || (allowed && !allowed.has(c.skillId))) return [];
    return [
      { ...c, slug: skill.slug, name: skill.name, emerging: skill.emerging, category: skill.category as SkillCategory },
    ];
  });
  return { groups: groupTopics(topics), total: topics.length };
}

/**
 * Per skill, how many members (every visibility, suspended accounts left out) list it,
 * teach it and want to learn it: the supply and demand side of /insights, which only
 * ever shows them as aggregates.
 */
export function communityTopicCounts() {
  return repo.topicCounts(['public', 'members']);
}

export type TopicLookup =
  | { kind: 'redirect'; slug: string }
  | { kind: 'topic'; topic: Awaited<ReturnType<typeof loadTopic>> };

/**
 * A topic hub by slug. An alias or other spelling ("k8s", "Node JS") redirects to the
 * canonical slug; anything else unknown is not found.
 */
export async function findTopic(slug: string, viewer: Viewer, now = new Date()): Promise<TopicLookup> {
  const catalogue = await getCatalogue();
  const skill = catalogue.bySlug.get(slug) ?? (await findSkillBySlug(slug));
  if (skill) return { kind: 'topic', topic: await loadTopic(skill.id, viewer, now) };
  const other = catalogue.byNormalized.get(normalizeSkillName(slug.replace(/-/g, ' ')));
  if (other) return { kind: 'redirect', slug: other.slug };
  throw notFound();
}

async function loadTopic(skillId: number, viewer: Viewer, now: Date) {
  const [catalogue, row, counts, teachers, reverse, viewerZone] = await Promise.all([
    getCatalogue(),
    findSkillById(skillId),
    repo.topicCountsFor(skillId, visibleTo(viewer)),
    teachersOf(skillId, viewer, { limit: 12 }),
    teachersOf(skillId, viewer, { limit: 8, reverseOnly: true }),
    memberZone(viewer),
  ]);
  if (!row) throw notFound();
  const person = (t: (typeof teachers)[number]) => ({
    handle: t.handle,
    displayName: t.displayName,
    headline: t.headline,
    seniority: SENIORITY_LABELS[t.seniority],
    level: t.level,
    levelWord: levelWord(t.level),
    years: t.years,
    note: t.note,
    zone: viewerZone ? relativeZoneLabel(t.timezone, viewerZone, now) : formatUtcOffset(t.timezone, now),
    availability: availabilityState(t, t.openRequests, localDate(t.timezone, now)),
  });
  return {
    skill: {
      id: row.id,
      slug: row.slug,
      name: row.name,
      description: row.description,
      category: row.category,
      emerging: row.emerging,
      curated: row.curated,
    },
    aliases: catalogue.byId.get(row.id)?.aliases ?? [],
    counts,
    teachers: teachers.map(person),
    reverseMentors: reverse.map(person),
  };
}
