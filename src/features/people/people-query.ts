import { z } from 'zod';
import { VISIBILITIES } from '#db/schema/profiles.ts';
import { visibleTo } from '#features/members/visibility.ts';
import type { SearchFilters } from '#server/search/types.ts';
import {
  EMPTY_QUERY,
  OPEN_TO,
  type OpenToKey,
  type PeopleQuery,
  SEARCH_LIMITS,
  SENIORITY_FACET,
  type SeniorityKey,
  TZ_BANDS,
  type TzBandKey,
} from './people.ts';

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
const truthy = new Set(['1', 'true', 'on', 'yes']);

/** Every value of a repeated (or comma-separated) parameter. */
function many(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function known<T extends string>(values: string[], allowed: readonly { key: T }[]): T[] {
  const keys = new Set<string>(allowed.map((a) => a.key));
  return [...new Set(values.filter((v): v is T => keys.has(v)))];
}

/** A level as the URL gives it (built once: a zod schema is costly to build on every search). */
const LEVEL = z.coerce.number().int().min(1).max(5);

/** A people search read from a URL, with what to tell the searcher about their input. */
export interface ParsedPeopleQuery {
  query: PeopleQuery;
  notices: string[];
}

/**
 * Reads a people search from a query string, forgiving bad input instead of failing:
 * an over-long query is cut (with a notice), unknown facet values are ignored, page
 * and page size are kept in range. Skill slugs and languages are checked against the
 * data by the service.
 */
export function parsePeopleQuery(params: URLSearchParams): ParsedPeopleQuery {
  const notices: string[] = [];
  let q = (params.get('q') ?? '').replace(/\s+/g, ' ').trim();
  if ([...q].length > SEARCH_LIMITS.queryLength) {
    q = [...q].slice(0, SEARCH_LIMITS.queryLength).join('').trim();
    notices.push(
      `Your search was longer than ${SEARCH_LIMITS.queryLength} characters, so only the first ${SEARCH_LIMITS.queryLength} were used.`,
    );
  }
  const skillParam = (params.get('skill') ?? '').trim().toLowerCase();
  const level = LEVEL.safeParse(params.get('level') ?? undefined);
  const rawPage = params.get('page');
  let page = 1;
  if (rawPage !== null && rawPage.trim() !== '') {
    const n = Math.floor(Number(rawPage));
    if (Number.isFinite(n)) page = Math.min(SEARCH_LIMITS.maxPage, Math.max(1, n));
    if (Number.isFinite(n) && n > SEARCH_LIMITS.maxPage)
      notices.push(`Results go up to page ${SEARCH_LIMITS.maxPage}; narrow the search to see more.`);
  }
  const perPageRaw = Math.floor(
    Number(params.get('perPage') ?? params.get('hitsPerPage') ?? SEARCH_LIMITS.defaultPerPage),
  );
  const perPage = Number.isFinite(perPageRaw)
    ? Math.min(SEARCH_LIMITS.maxPerPage, Math.max(SEARCH_LIMITS.minPerPage, perPageRaw))
    : SEARCH_LIMITS.defaultPerPage;
  const lang = [
    ...new Map(
      many(params, 'lang')
        .filter((l) => l.length <= 40 && /^[\p{L}][\p{L} ()'-]*$/u.test(l))
        .map((l) => [l.toLowerCase(), l] as const),
    ).values(),
  ].slice(0, SEARCH_LIMITS.languages);

  return {
    query: {
      ...EMPTY_QUERY,
      q,
      skill: SLUG.test(skillParam) ? skillParam : null,
      level: level.success ? level.data : null,
      teach: truthy.has(params.get('teach') ?? ''),
      learn: truthy.has(params.get('learn') ?? ''),
      available: truthy.has(params.get('available') ?? ''),
      open: known<OpenToKey>(many(params, 'open'), OPEN_TO),
      seniority: known<SeniorityKey>(many(params, 'seniority'), SENIORITY_FACET),
      tz: known<TzBandKey>(many(params, 'tz'), TZ_BANDS),
      lang,
      page,
      perPage,
    },
    notices,
  };
}

/**
 * The shape a people-search URL may have at all, for the JSON endpoint: known
 * parameters, bounded sizes. Values inside the bounds are normalised as the page does
 * (a long query is cut with a notice, unknown facet values are ignored).
 */
const single = z.string().max(2000, 'A parameter is too long.');
const requestShape = z
  .object({
    q: single.optional(),
    skill: single.optional(),
    level: single.optional(),
    teach: single.optional(),
    learn: single.optional(),
    available: single.optional(),
    page: single.optional(),
    perPage: single.optional(),
    hitsPerPage: single.optional(),
    open: z.array(single).max(20).optional(),
    seniority: z.array(single).max(20).optional(),
    tz: z.array(single).max(20).optional(),
    lang: z.array(single).max(20).optional(),
  })
  .strict();
const REPEATED = new Set(['open', 'seniority', 'tz', 'lang']);

/**
 * Reads a people search strictly, once, for the JSON endpoint: an unknown or
 * oversized parameter is an error to answer with 400; anything else reads as
 * `parsePeopleQuery` reads it.
 */
export function readPeopleRequest(
  params: URLSearchParams,
): ({ ok: true } & ParsedPeopleQuery) | { ok: false; error: string } {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) raw[key] = REPEATED.has(key) ? params.getAll(key) : (params.get(key) ?? '');
  const checked = requestShape.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const error =
      issue?.code === 'unrecognized_keys'
        ? `Unknown parameter: ${issue.keys.join(', ')}.`
        : (issue?.message ?? 'Invalid search parameters.');
    return { ok: false, error };
  }
  return { ok: true, ...parsePeopleQuery(params) };
}

/** Facet groups that are multi-select or single-select: their counts ignore their own selection. */
export type DisjunctiveGroup = 'skill' | 'level' | 'seniority' | 'tz' | 'lang';

/** The attribute the level facet counts and filters on, given the skill in focus. */
export function levelAttribute(focus: string | null, teach: boolean): 'teachLevels' | 'skillLevels' | 'maxLevel' {
  if (!focus) return 'maxLevel';
  return teach ? 'teachLevels' : 'skillLevels';
}

const levelsFrom = (level: number) => Array.from({ length: 6 - level }, (_, i) => level + i);

/**
 * Engine filters for a search. `focus` is the skill the level and teach/learn
 * choices are about: the chosen skill, or the one the query names ("kubernets" →
 * kubernetes), so "level ≥ 4 who can teach it" means that skill. Visitors only ever
 * see public profiles: that filter is added here, on the server, whatever the URL says.
 */
export function buildFilters(
  query: PeopleQuery,
  focus: string | null,
  signedIn: boolean,
  without?: DisjunctiveGroup,
): SearchFilters {
  const filters: SearchFilters = {};
  // Only the profiles the searcher may see (the members' visibility rule), whatever the URL says.
  const visible = visibleTo(signedIn);
  if (visible.length < VISIBILITIES.length) filters.visibility = visible.length === 1 ? visible[0]! : visible;
  if (query.skill && without !== 'skill') filters.skillSlugs = query.skill;
  const levelOn = query.level !== null && without !== 'level';
  if (levelOn) {
    const attribute = levelAttribute(focus, query.teach);
    const levels = levelsFrom(query.level!);
    filters[attribute] = attribute === 'maxLevel' ? levels : levels.map((l) => `${focus}:${l}`);
  }
  if (query.teach && !(levelOn && focus)) {
    if (focus) filters.teaches = focus;
    else filters.teachesAny = true;
  }
  if (query.learn) {
    if (focus) filters.learns = focus;
    else filters.learnsAny = true;
  }
  if (query.available) filters.available = true;
  for (const o of OPEN_TO) if (query.open.includes(o.key)) filters[o.attribute] = true;
  if (query.seniority.length > 0 && without !== 'seniority') filters.seniority = query.seniority;
  if (query.tz.length > 0 && without !== 'tz') filters.tzBand = query.tz;
  if (query.lang.length > 0 && without !== 'lang') filters.languages = query.lang;
  return filters;
}

/** The facet attributes of each group. */
export function facetAttributes(group: DisjunctiveGroup | 'flags', focus: string | null, teach: boolean): string[] {
  switch (group) {
    case 'skill':
      return ['skillSlugs'];
    case 'level':
      return [levelAttribute(focus, teach)];
    case 'seniority':
      return ['seniority'];
    case 'tz':
      return ['tzBand'];
    case 'lang':
      return ['languages'];
    case 'flags':
      return [
        focus ? 'teaches' : 'teachesAny',
        focus ? 'learns' : 'learnsAny',
        'available',
        ...OPEN_TO.map((o) => o.attribute),
      ];
  }
}

/** Which disjunctive groups have a selection (each then gets its own count query). */
export function selectedGroups(query: PeopleQuery): DisjunctiveGroup[] {
  const groups: DisjunctiveGroup[] = [];
  if (query.skill) groups.push('skill');
  if (query.level !== null) groups.push('level');
  if (query.seniority.length > 0) groups.push('seniority');
  if (query.tz.length > 0) groups.push('tz');
  if (query.lang.length > 0) groups.push('lang');
  return groups;
}
