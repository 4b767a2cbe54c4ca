import { completedCounts, endorsementCounts } from '#features/requests/outcomes/outcomes.service.ts';
import { skillFactsOf } from '#features/skills/skills.service.ts';
import type { IndexSource, SearchDocument } from '#server/search/types.ts';
import * as repo from './people.repo.ts';
import { buildPersonDocument, type PersonFacts } from './people-doc.ts';

const BATCH = 500;

/** A rebuild reads members in pages this long (keyset on the id). */
const PAGE = 2000;

type PersonRow = Awaited<ReturnType<typeof repo.findPeopleToIndex>>[number];
type SkillLevelRow = Awaited<ReturnType<typeof repo.findSkillLevelsOf>>[number];

/** Current facts for these members, as the document builder needs them (a few queries in all). */
export async function loadPersonFacts(ids: string[]): Promise<PersonFacts[]> {
  const people = await repo.findPeopleToIndex(ids);
  if (people.length === 0) return [];
  return factsOf(people, await repo.findSkillLevelsOf(people.map((p) => p.id)));
}

/** Joins member rows with their skill rows (any superset) and outcome counts into document facts. */
async function factsOf(people: PersonRow[], skillRows: SkillLevelRow[]): Promise<PersonFacts[]> {
  const found = people.map((p) => p.id);
  const [endorsements, completed] = await Promise.all([endorsementCounts(found), completedCounts(found)]);
  const named = await skillFactsOf(skillRows.map((s) => s.skillId));
  const byUser = new Map<string, PersonFacts['skills']>();
  for (const s of skillRows) {
    const skill = named.get(s.skillId);
    if (!skill) continue; // deleted since the row was read
    let list = byUser.get(s.userId);
    if (!list) byUser.set(s.userId, (list = []));
    list.push({
      slug: skill.slug,
      name: skill.name,
      level: s.level,
      canTeach: s.canTeach,
      wantsToLearn: s.wantsToLearn,
      aliases: skill.aliases,
    });
  }
  return people.map(
    ({ id, handle, displayName, suspendedAt: _s, deletionDueAt: _d, hiddenAt: _h, openRequests, ...profile }) => ({
      id,
      handle,
      displayName,
      profile,
      skills: byUser.get(id) ?? [],
      openRequests,
      endorsements: endorsements.get(id) ?? 0,
      completedSessions: completed.get(id) ?? 0,
    }),
  );
}

/**
 * Every member's document, for a rebuild, in id-ordered pages of `page` members: the skill
 * rows of a page are one key range, not a list of ids. With 100,000 members this and the
 * query shapes in people.repo.ts took the database part of a rebuild from about a minute
 * (200 id pages at 0.5–1 s each, then loads by id) to a few seconds.
 */
export async function* allPeopleDocuments(page = PAGE): AsyncIterable<SearchDocument[]> {
  const now = new Date();
  let after = '';
  for (;;) {
    const { people, lastId } = await repo.peopleToIndexPage(after, page);
    if (lastId === null) return;
    if (people.length > 0) {
      const facts = await factsOf(people, await repo.skillLevelsInRange(after, lastId));
      yield facts.map((f) => buildPersonDocument(f, now));
    }
    after = lastId;
  }
}

/**
 * The people index: one document per member who is neither withdrawn nor hidden. Members-only
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
    return (await loadPersonFacts(ids)).map((facts) => buildPersonDocument(facts, now));
  },

  allDocuments: () => allPeopleDocuments(),

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
