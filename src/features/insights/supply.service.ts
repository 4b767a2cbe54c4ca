import type { SkillCategory } from '#db/schema/index.ts';
import {
  ContributionIndex,
  canPublish,
  type Guarded,
  guard,
  MIN_PEOPLE,
  withheld,
} from '#features/aggregates/privacy.ts';
import { upcomingEventCountsByTopic } from '#features/events/event-views.service.ts';
import { getCatalogue } from '#features/skills/skills.service.ts';
import { communityTopicCounts } from '#features/topics/topics.service.ts';
import { idsOf, type Selection } from './figures.ts';
import { cachedFigures } from './insights-cache.ts';
import { longerWindows, periodStart, sliceStarts, windowScope } from './periods.ts';
import * as repo from './supply.repo.ts';

export interface TopicDemand {
  skillId: number;
  slug: string;
  name: string;
  category: SkillCategory;
  /** Members who teach it. */
  teachers: Guarded<number>;
  /** Members who want to learn it. */
  learners: Guarded<number>;
  /** People with an open call on it that nobody picked up yet. */
  waiting: Guarded<number>;
  /** People whose request on it ended without an answer, in the period. */
  unanswered: Guarded<number>;
  /** People who named it in event feedback ("what should we run next"), in the period. */
  votes: Guarded<number>;
  /** Distinct people behind any of the four kinds of demand. */
  demand: Guarded<number>;
  /** Demand beyond the members who teach it: what ranks "workshops to run next". */
  unmet: number;
  upcomingEvents: number;
}

const shownOrZero = (g: Guarded<number>) => (g.shown ? g.value : 0);

/** Topic buckets (people per topic and slice) as contributions for the privacy rules. */
function topicIndex(rows: repo.TopicBucketRow[], family: string): ContributionIndex {
  return new ContributionIndex(
    rows.flatMap((row) =>
      (
        idsOf(row.ids) ?? Array.from({ length: MIN_PEOPLE }, (_, i) => `${family}:${row.skillId}:${row.slice}#${i}`)
      ).map((person) => ({ person, slice: Number(row.slice), tags: [`t:${row.skillId}`] })),
    ),
  );
}

/** A count of people on a topic in the period, checked against the same topic over every longer period (rule 2). */
function guardedInPeriod(index: ContributionIndex, skillId: number, count: number, selection: Selection) {
  const tags = [`t:${skillId}`];
  const broader = longerWindows(selection.period).map((slices) => ({ slices, tags }));
  return canPublish(index, windowScope(selection.period, tags), broader) ? guard(count, count) : withheld<number>();
}

/**
 * A demand total may show when it is five or more and no longer period adds one to four
 * people with time-bound demand (unanswered requests, feedback votes); wanting to learn
 * and waiting are current states, the same in every period.
 */
function guardedDemand(timeBound: ContributionIndex, skillId: number, demand: number, selection: Selection) {
  if (demand < MIN_PEOPLE) return withheld<number>();
  const inner = windowScope(selection.period, [`t:${skillId}`]);
  for (const slices of longerWindows(selection.period)) {
    const people = timeBound.difference({ slices, tags: inner.tags }, inner);
    if (people > 0 && people < MIN_PEOPLE) return withheld<number>();
  }
  return guard(demand, demand);
}

/**
 * Supply and demand by topic: who teaches it, who wants it (learning, waiting, asked
 * without an answer, asked for in feedback), for the chosen period and category, most
 * demand first.
 */
export async function supplyAndDemand(selection: Selection): Promise<TopicDemand[]> {
  const since = periodStart(selection.period, selection.now);
  const starts = sliceStarts(selection.now);
  const day = `${starts[0]}`;
  const period = `${day}:${since?.getTime() ?? 'all'}`;
  const [catalogue, counts, askers, waiting, unansweredRows, voteRows, unanswered, votes, upcoming] = await Promise.all(
    [
      getCatalogue(),
      cachedFigures('topic-counts', () => communityTopicCounts()),
      cachedFigures(`askers:${period}`, () => repo.askersNotLearning(since)),
      cachedFigures('open-calls', () => repo.openCallsBySkill()),
      cachedFigures(`unanswered-buckets:${day}`, () => repo.askerBuckets('unanswered', starts)),
      cachedFigures(`vote-buckets:${day}`, () => repo.askerBuckets('votes', starts)),
      cachedFigures(`unanswered:${period}`, () => repo.askerCounts('unanswered', since)),
      cachedFigures(`votes:${period}`, () => repo.askerCounts('votes', since)),
      upcomingEventCountsByTopic(selection.now),
    ],
  );
  const unansweredIndex = topicIndex(unansweredRows, 'unanswered');
  const votesIndex = topicIndex(voteRows, 'votes');
  const timeBound = topicIndex([...unansweredRows, ...voteRows], 'asked');
  const supply = new Map(counts.map((c) => [c.skillId, c]));
  const demand = new Map<number, number>();
  for (const id of new Set([...supply.keys(), ...askers.keys()]))
    demand.set(id, (supply.get(id)?.learners ?? 0) + (askers.get(id) ?? 0));
  const ids = demand.keys();
  const rows: TopicDemand[] = [];
  for (const skillId of ids) {
    const skill = catalogue.byId.get(skillId);
    if (!skill) continue;
    const category = skill.category as SkillCategory;
    if (selection.category && category !== selection.category) continue;
    const c = supply.get(skillId);
    const teachers = guard(c?.teachers ?? 0, c?.teachers ?? 0);
    const row: TopicDemand = {
      skillId,
      slug: skill.slug,
      name: skill.name,
      category,
      teachers,
      learners: guard(c?.learners ?? 0, c?.learners ?? 0),
      waiting: guard(waiting.get(skillId) ?? 0, waiting.get(skillId) ?? 0),
      unanswered: guardedInPeriod(unansweredIndex, skillId, unanswered.get(skillId) ?? 0, selection),
      votes: guardedInPeriod(votesIndex, skillId, votes.get(skillId) ?? 0, selection),
      demand: guardedDemand(timeBound, skillId, demand.get(skillId) ?? 0, selection),
      unmet: 0,
      upcomingEvents: upcoming.get(skill.slug) ?? 0,
    };
    // Ranked on what is shown only, so the order says nothing about hidden numbers.
    row.unmet = Math.max(0, shownOrZero(row.demand) - shownOrZero(teachers));
    if (shownOrZero(row.demand) > 0 || shownOrZero(teachers) > 0 || (c?.members ?? 0) > 0) rows.push(row);
  }
  return rows.sort(
    (a, b) =>
      shownOrZero(b.demand) - shownOrZero(a.demand) ||
      shownOrZero(b.teachers) - shownOrZero(a.teachers) ||
      a.name.localeCompare(b.name),
  );
}

/** The topics with the largest unmet demand: workshops to run next. */
export function workshopsToRunNext(rows: TopicDemand[], limit = 8): TopicDemand[] {
  return rows
    .filter((r) => r.demand.shown && r.unmet > 0)
    .sort((a, b) => b.unmet - a.unmet || shownOrZero(b.demand) - shownOrZero(a.demand) || a.name.localeCompare(b.name))
    .slice(0, limit);
}
