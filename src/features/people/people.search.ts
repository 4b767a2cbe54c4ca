// The requests feature's repos, not its services: this source is loaded by the search
// registry, and the services import the search facade, which would close an import cycle.
import { completedCountsFor, endorsementCountsFor } from '#features/requests/outcomes.repo.ts';
import { activeReceivedCounts } from '#features/requests/requests.repo.ts';
import { aliasesOf } from '#features/skills/skills.repo.ts';
import { invalidatePageCache } from '#server/http/page-cache.ts';
import type { IndexSource, SearchDocument } from '#server/search/types.ts';
import * as repo from './people.repo.ts';
import { buildPersonDocument, type PersonFacts } from './people-doc.ts';

const BATCH = 500;

/** Current facts for these members, as the document builder needs them (three queries in all). */
export async function loadPersonFacts(ids: string[]): Promise<PersonFacts[]> {
  const people = await repo.findPeople(ids, null);
  if (people.length === 0) return [];
  const found = people.map((p) => p.id);
  const [skillRows, openCounts, endorsements, completed] = await Promise.all([
    repo.findSkillsOf(found),
    activeReceivedCounts(found),
    endorsementCountsFor(found),
    completedCountsFor(found),
  ]);
  const aliases = await aliasesOf([...new Set(skillRows.map((s) => s.skillId))]);
  const byUser = new Map<string, PersonFacts['skills']>();
  for (const s of skillRows) {
    const list = byUser.get(s.userId) ?? [];
    list.push({
      slug: s.slug,
      name: s.name,
      level: s.level,
      canTeach: s.canTeach,
      wantsToLearn: s.wantsToLearn,
      aliases: aliases.get(s.skillId) ?? [],
    });
    byUser.set(s.userId, list);
  }
  return people.map(({ id, handle, displayName, ...profile }) => ({
    id,
    handle,
    displayName,
    profile,
    skills: byUser.get(id) ?? [],
    openRequests: openCounts.get(id) ?? 0,
    endorsements: endorsements.get(id) ?? 0,
    completedSessions: completed.get(id) ?? 0,
  }));
}

/**
 * The people index: one document per member who is not suspended. Members-only
 * profiles are indexed too (with `visibility`), and the search service filters them
 * out for visitors on the server.
 */
export const peopleSource: IndexSource = {
  definition: {
    name: 'people',
    // Skills first, strong ones before the rest: "who knows X well?" is the question this index answers.
    searchableAttributes: [
      'expertSkills',
      'strongSkills',
      'skills',
      'skillAliases',
      'name',
      'handle',
      'headline',
      'location',
      'languages',
    ],
    filterableAttributes: [
      'visibility',
      'skillSlugs',
      'skillLevels',
      'teaches',
      'teachLevels',
      'learns',
      'teachesAny',
      'learnsAny',
      'maxLevel',
      'available',
      'openAdhoc',
      'openOngoing',
      'openReverse',
      'seniority',
      'tzBand',
      'languages',
    ],
    sortableAttributes: ['rank'],
    customRanking: ['rank:desc'],
    // The page shows the most common skills and languages and every level of the skill in
    // focus ("kubernetes:4"): the cap is above the values there are (skills × 5 levels), and
    // should a community outgrow it, counting order drops the rarest values, not late letters.
    faceting: { maxValuesPerFacet: 5000, sortFacetValuesBy: { '*': 'count' } },
  },

  async load(ids: string[]): Promise<SearchDocument[]> {
    const now = new Date();
    const docs = (await loadPersonFacts(ids)).map((facts) => buildPersonDocument(facts, now));
    // The worker applies these right after; cached search pages must not outlive that.
    invalidatePageCache();
    setImmediate(invalidatePageCache);
    return docs;
  },

  async *allIds(): AsyncIterable<string[]> {
    let after = '';
    for (;;) {
      const ids = await repo.activeMemberIdsAfter(after, BATCH);
      if (ids.length === 0) return;
      yield ids;
      after = ids[ids.length - 1]!;
    }
  },
};
