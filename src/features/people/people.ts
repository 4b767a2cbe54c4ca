/**
 * People search: the query, the answer and the URL format, shared by the server
 * (page, JSON endpoint) and the search island. Nothing here may import server code
 * or zod: the island bundles this file.
 */
import type { Seniority } from '#db/schema/profiles.ts';
import type { AvailabilityKind } from '#features/members/availability.ts';
import { SENIORITY_OPTIONS } from '#features/members/seniority.ts';

export const OPEN_TO = [
  { key: 'adhoc', label: 'Ad-hoc questions', attribute: 'openAdhoc' },
  { key: 'ongoing', label: 'Ongoing mentoring', attribute: 'openOngoing' },
  { key: 'reverse', label: 'Reverse mentoring', attribute: 'openReverse' },
] as const;
export type OpenToKey = (typeof OPEN_TO)[number]['key'];

export const SENIORITY_FACET = SENIORITY_OPTIONS;
export type SeniorityKey = Seniority;

/**
 * Time-zone bands by standard UTC offset (minutes): wide enough that "people I can
 * call during my working day" is one or two ticks.
 */
export const TZ_BANDS = [
  { key: 'americas-west', label: 'Americas west', range: 'UTC−12 to −6', min: -720, max: -360 },
  { key: 'americas-east', label: 'Americas east', range: 'UTC−5 to −2', min: -359, max: -120 },
  { key: 'europe-africa', label: 'Europe & Africa', range: 'UTC−1 to +2', min: -119, max: 149 },
  { key: 'middle-east-south-asia', label: 'Middle East & South Asia', range: 'UTC+2:30 to +6:30', min: 150, max: 419 },
  { key: 'east-asia-oceania', label: 'East Asia & Oceania', range: 'UTC+7 to +14', min: 420, max: 900 },
] as const;
export type TzBandKey = (typeof TZ_BANDS)[number]['key'];

export const SEARCH_LIMITS = {
  queryLength: 200,
  maxPage: 50,
  defaultPerPage: 20,
  minPerPage: 5,
  maxPerPage: 50,
  languages: 5,
} as const;

/** A people search, normalised: unknown values already dropped, numbers in range. */
export interface PeopleQuery {
  q: string;
  /** Skill slug chosen in the skill facet. */
  skill: string | null;
  /** Minimum level 1–5 (in the skill in focus, or in any skill). */
  level: number | null;
  teach: boolean;
  learn: boolean;
  /** Not away, not at capacity. */
  available: boolean;
  open: OpenToKey[];
  seniority: SeniorityKey[];
  tz: TzBandKey[];
  lang: string[];
  page: number;
  perPage: number;
}

export const EMPTY_QUERY: PeopleQuery = {
  q: '',
  skill: null,
  level: null,
  teach: false,
  learn: false,
  available: false,
  open: [],
  seniority: [],
  tz: [],
  lang: [],
  page: 1,
  perPage: SEARCH_LIMITS.defaultPerPage,
};

/** The canonical query string of a search (defaults left out), for links, the URL bar and the JSON endpoint. */
export function searchParamsOf(query: PeopleQuery, overrides: Partial<PeopleQuery> = {}): URLSearchParams {
  const q = { ...query, ...overrides };
  const params = new URLSearchParams();
  if (q.q) params.set('q', q.q);
  if (q.skill) params.set('skill', q.skill);
  if (q.level) params.set('level', String(q.level));
  if (q.teach) params.set('teach', '1');
  if (q.learn) params.set('learn', '1');
  if (q.available) params.set('available', '1');
  for (const o of q.open) params.append('open', o);
  for (const s of q.seniority) params.append('seniority', s);
  for (const t of q.tz) params.append('tz', t);
  for (const l of q.lang) params.append('lang', l);
  if (q.perPage !== SEARCH_LIMITS.defaultPerPage) params.set('perPage', String(q.perPage));
  if (q.page > 1) params.set('page', String(q.page));
  return params;
}

/** A piece of text, marked when it matched the query. */
export interface Segment {
  text: string;
  hit: boolean;
}

export interface MatchedSkill {
  slug: string;
  name: string;
  level: number;
  levelWord: string;
  canTeach: boolean;
  wantsToLearn: boolean;
}

/** One person in the results, with why they matched. Only what their public profile shows. */
export interface PersonResult {
  handle: string;
  displayName: string;
  headline: Segment[];
  seniority: string;
  location: string | null;
  /** "2 h ahead of you" for members, "UTC+1" for visitors. */
  zone: string;
  availability: { kind: AvailabilityKind; label: string };
  /** The skills that made them match (the one searched for, or whose name/alias matched), highlighted. */
  matched: MatchedSkill[];
  /** A few other skills they teach, for context. */
  alsoTeaches: { slug: string; name: string }[];
  /** Offers reverse mentoring and teaches what matched (or, with no skill in play, anything). */
  reverse: boolean;
  /** The name matched the query. */
  nameMatched: boolean;
}

export interface FacetOption {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

export interface PeopleFacets {
  skill: FacetOption[];
  level: FacetOption[];
  /** The skill the level and teach/learn facets are about (selected or named by the query), if any. */
  focus: { slug: string; name: string } | null;
  teach: FacetOption;
  learn: FacetOption;
  available: FacetOption;
  open: FacetOption[];
  seniority: FacetOption[];
  tz: FacetOption[];
  lang: FacetOption[];
}

export interface PeopleSearchResponse {
  query: PeopleQuery;
  /** Things to tell the searcher about their input ("cut to 200 characters"). */
  notices: string[];
  /** False when the search engine could not answer; the page still renders and says so. */
  ok: boolean;
  message: string | null;
  total: number;
  pages: number;
  results: PersonResult[];
  facets: PeopleFacets;
  /** When nothing matched: the closest skills to what was typed. */
  suggestions: { slug: string; name: string }[];
  /** Where to ask an open question when nobody matched. */
  askUrl: string | null;
}
