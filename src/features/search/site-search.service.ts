import { browseEvents } from '#features/events/event-views.service.ts';
import { browseLists } from '#features/lists/list-views.service.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { searchPeople } from '#features/people/people.service.ts';
import { skillsNamedBy } from '#features/skills/skill-match.ts';
import { getCatalogue } from '#features/skills/skills.service.ts';

/** How many of each kind the one-box search shows before "see all". */
const PREVIEW = { people: 6, events: 4, lists: 4 } as const;

export const SITE_SEARCH_MAX_LENGTH = 200;

/**
 * /search: one box over people, events and reading lists. Each part is the same search
 * its own page runs (so results, permissions and degradation match), cut to a preview,
 * plus the topics the words name, so "k8s" also offers the Kubernetes topic hub.
 */
export async function searchEverything(rawQuery: string, viewer: Viewer) {
  const truncated = rawQuery.length > SITE_SEARCH_MAX_LENGTH;
  const q = rawQuery.slice(0, SITE_SEARCH_MAX_LENGTH).trim();
  if (q.length === 0) return { q, truncated, empty: true as const };

  const [people, upcoming, lists, catalogue] = await Promise.all([
    searchPeople(new URLSearchParams({ q }), viewer),
    browseEvents(viewer, { q, when: 'upcoming', page: 1 }),
    browseLists(viewer, { q, page: 1 }),
    getCatalogue(),
  ]);
  // Past events only when nothing upcoming matches: what is coming up matters most.
  const past = upcoming.total === 0 ? await browseEvents(viewer, { q, when: 'past', page: 1 }) : null;
  const events = past ?? upcoming;
  const topics = skillsNamedBy(q, catalogue.skills).slice(0, 4);

  return {
    q,
    truncated,
    empty: false as const,
    topics: topics.map((t) => ({ slug: t.slug, name: t.name })),
    people: {
      ok: people.ok,
      total: people.total,
      results: people.results.slice(0, PREVIEW.people),
      message: people.message,
    },
    events: {
      when: past ? ('past' as const) : ('upcoming' as const),
      total: events.total,
      cards: events.cards.slice(0, PREVIEW.events),
      notice: events.notice,
    },
    lists: { total: lists.total, cards: lists.cards.slice(0, PREVIEW.lists), notice: lists.notice },
    askUrl: people.askUrl,
  };
}
