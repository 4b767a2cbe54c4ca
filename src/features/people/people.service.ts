import { availabilityState, localDate } from '#features/members/availability.ts';
import { avatarUrl } from '#features/members/avatar.ts';
import { memberZone, visibleMembers } from '#features/members/members.service.ts';
import { isReverseMatch } from '#features/members/reverse-mentor.ts';
import { SENIORITY_LABELS } from '#features/members/seniority.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { type CatalogueSkill, skillsNamedBy } from '#features/skills/skill-match.ts';
import { type Catalogue, closestSkills, getCatalogue } from '#features/skills/skills.service.ts';
import { TtlCache } from '#server/cache/ttl-cache.ts';
import type { SearchQuery, SearchResult } from '#server/search/types.ts';
import { formatUtcOffset, relativeZoneLabel } from '#server/time/zones.ts';
import * as repo from './people.repo.ts';
import { type PeopleQuery, type PeopleSearchResponse, type PersonResult, SEARCH_LIMITS } from './people.ts';
import { buildFacets, facetLimitsFor } from './people-facets.ts';
import {
  buildFilters,
  type DisjunctiveGroup,
  facetAttributes,
  type ParsedPeopleQuery,
  parsePeopleQuery,
  selectedGroups,
} from './people-query.ts';
import { hasHighlight, highlight, matchedSkills } from './people-why.ts';
import { searchPeopleIndex } from './search-cache.ts';

const MINUTE = 60_000;

// Languages members list, lower-case → as written (for recognising `lang=` values).
const languagesCache = new TtlCache<'languages', Promise<Map<string, string>>>({ ttlMs: MINUTE, maxEntries: 1 });

function knownLanguages(): Promise<Map<string, string>> {
  return languagesCache.getOrLoad('languages', () =>
    repo.distinctLanguages().then((list) => new Map(list.map((l) => [l.toLowerCase(), l]))),
  );
}

// The skill a query names (see skillsNamedBy), remembered per catalogue: typing the same words is common.
const focusCache = new TtlCache<string, { catalogue: Catalogue; skill: CatalogueSkill | null }>({
  ttlMs: MINUTE,
  maxEntries: 1000,
  clearOn: ['skills'],
});

function focusOf(q: string, catalogue: Catalogue): CatalogueSkill | null {
  const key = q.toLowerCase();
  const hit = focusCache.get(key);
  if (hit?.catalogue === catalogue) return hit.skill;
  const skill = skillsNamedBy(q, catalogue.skills)[0] ?? null;
  focusCache.set(key, { catalogue, skill });
  return skill;
}

// A member's local date and how their zone reads to the searcher: the same for a whole minute.
const zoneFactsCache = new TtlCache<string, { today: string; label: string }>({ ttlMs: MINUTE, maxEntries: 2000 });

function zoneFactsFor(zone: string, viewerZone: string | null, now: Date): { today: string; label: string } {
  const key = `${zone}|${viewerZone ?? ''}|${Math.floor(now.getTime() / MINUTE)}`;
  return zoneFactsCache.getOrLoad(key, () => ({
    today: localDate(zone, now),
    label: viewerZone ? relativeZoneLabel(zone, viewerZone, now) : formatUtcOffset(zone, now),
  }));
}

/** Drops values that name nothing we know (an unknown skill slug or language is ignored, not an error). */
async function recognise(query: PeopleQuery, catalogue: Catalogue): Promise<PeopleQuery> {
  const skill = query.skill && catalogue.bySlug.has(query.skill) ? query.skill : null;
  let lang: string[] = [];
  if (query.lang.length > 0) {
    const known = await knownLanguages();
    lang = query.lang.map((l) => known.get(l.toLowerCase())).filter((l): l is string => l !== undefined);
  }
  return { ...query, skill, lang };
}

/**
 * Searches people for a query string. The engine answers with ids and counts; what is
 * shown comes from the database, and only profiles the searcher may see: visitors
 * never get members-only profiles, whatever the URL asks for.
 */
export function searchPeople(params: URLSearchParams, viewer: Viewer, now = new Date()): Promise<PeopleSearchResponse> {
  return searchParsedPeople(parsePeopleQuery(params), viewer, now);
}

/** `searchPeople` for a query already read from the URL (the JSON endpoint reads it strictly first). */
export async function searchParsedPeople(
  parsed: ParsedPeopleQuery,
  viewer: Viewer,
  now = new Date(),
): Promise<PeopleSearchResponse> {
  const catalogue = await getCatalogue();
  const query = await recognise(parsed.query, catalogue);
  const focusSkill = query.skill ? catalogue.bySlug.get(query.skill)! : query.q ? focusOf(query.q, catalogue) : null;
  const focus = focusSkill?.slug ?? null;
  const signedIn = viewer !== null;

  // Facets of a group with a selection are counted without that selection (so other choices show their numbers).
  const groups = selectedGroups(query);
  const unselected = (['skill', 'level', 'seniority', 'tz', 'lang'] as DisjunctiveGroup[]).filter(
    (g) => !groups.includes(g),
  );
  const facetLimits = facetLimitsFor(query, focus);
  const main: SearchQuery = {
    q: query.q,
    filters: buildFilters(query, focus, signedIn),
    facets: [
      ...unselected.flatMap((g) => facetAttributes(g, focus, query.teach)),
      ...facetAttributes('flags', focus, query.teach),
    ],
    facetLimits,
    page: query.page,
    hitsPerPage: query.perPage,
  };
  const [outcome, ...others] = await Promise.all([
    searchPeopleIndex(main),
    ...groups.map((g) =>
      searchPeopleIndex({
        q: query.q,
        filters: buildFilters(query, focus, signedIn, g),
        facets: facetAttributes(g, focus, query.teach),
        facetLimits,
        page: 1,
        hitsPerPage: 1,
      }),
    ),
  ]);

  const base = {
    query,
    notices: parsed.notices,
    suggestions: [] as { slug: string; name: string }[],
    askUrl: null as string | null,
  };
  if (!outcome.ok) {
    return {
      ...base,
      ok: false,
      message: outcome.message,
      total: 0,
      pages: 0,
      results: [],
      facets: buildFacets(query, focusSkill, {}, catalogue),
    };
  }
  const counts: SearchResult['facetCounts'] = { ...outcome.result.facetCounts };
  for (const other of others) if (other.ok) Object.assign(counts, other.result.facetCounts);

  const results = await loadResults(outcome.result, focus, viewer, now);
  const total = outcome.result.total;
  const response: PeopleSearchResponse = {
    ...base,
    ok: true,
    message: null,
    total,
    pages: Math.min(SEARCH_LIMITS.maxPage, Math.ceil(total / query.perPage)),
    results,
    facets: buildFacets(query, focusSkill, counts, catalogue),
  };
  if (total === 0) {
    response.suggestions = query.q
      ? (await closestSkills(query.q, 5)).map((s) => ({ slug: s.slug, name: s.name }))
      : [];
    const topic = focus ?? response.suggestions[0]?.slug;
    response.askUrl = topic ? `/requests/new?topic=${encodeURIComponent(topic)}` : '/requests/new';
  }
  return response;
}

/** Loads the people behind a page of hits (two queries), in the engine's order, with why each matched. */
async function loadResults(
  result: SearchResult,
  focus: string | null,
  viewer: Viewer,
  now: Date,
): Promise<PersonResult[]> {
  const ids = result.hits.map((h) => h.id);
  if (ids.length === 0) return [];
  const [people, skillRows, viewerZone, catalogue] = await Promise.all([
    visibleMembers(ids, viewer),
    repo.findSkillLevelsOf(ids),
    memberZone(viewer),
    getCatalogue(),
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const skillsOf = new Map<string, (typeof skillRows)[number][]>();
  for (const s of skillRows) {
    const list = skillsOf.get(s.userId);
    if (list) list.push(s);
    else skillsOf.set(s.userId, [s]);
  }

  const out: PersonResult[] = [];
  for (const hit of result.hits) {
    const p = byId.get(hit.id);
    if (!p) continue; // gone, suspended, or not visible to this searcher since it was indexed
    const terms = new Set(hit.matchedTerms);
    const skills = (skillsOf.get(p.id) ?? []).flatMap((s) => {
      const skill = catalogue.byId.get(s.skillId);
      // A skill made in another process in the last minute is not in this catalogue yet; it shows once it is.
      return skill ? [{ ...s, slug: skill.slug, name: skill.name, aliases: skill.aliases }] : [];
    });
    const matched = matchedSkills(skills, terms, focus);
    const zone = zoneFactsFor(p.timezone, viewerZone, now);
    const availability = availabilityState(p, p.openRequests, zone.today);
    out.push({
      handle: p.handle,
      displayName: p.displayName,
      avatar: avatarUrl(p, 48),
      headline: highlight(p.headline, terms),
      seniority: SENIORITY_LABELS[p.seniority],
      location: p.location,
      zone: zone.label,
      availability: { kind: availability.kind, label: availability.label },
      matched,
      alsoTeaches: skills
        .filter((s) => s.canTeach && !matched.some((m) => m.slug === s.slug))
        .sort((a, b) => b.level - a.level || a.name.localeCompare(b.name))
        .slice(0, 3)
        .map((s) => ({ slug: s.slug, name: s.name })),
      reverse: isReverseMatch(
        p.openToReverse,
        p.seniority,
        matched,
        skills.some((s) => s.canTeach),
      ),
      nameMatched: hasHighlight(p.displayName, terms),
    });
  }
  return out;
}
