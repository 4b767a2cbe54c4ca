import type { Seniority, Visibility } from '#db/schema/profiles.ts';
import { type AvailabilityFields, availabilityState, localDate } from '#features/members/availability.ts';
import { isReverseMentor } from '#features/members/reverse-mentor.ts';
import type { SearchDocument } from '#server/search/types.ts';
import { zoneOffsetMinutes } from '#server/time/zones.ts';
import { TZ_BANDS, type TzBandKey } from './people.ts';

/**
 * A zone's standard offset: the smaller of its January and July offsets, so a band
 * does not change twice a year with daylight saving.
 */
export function standardOffsetMinutes(zone: string, year: number): number {
  return Math.min(
    zoneOffsetMinutes(zone, new Date(Date.UTC(year, 0, 15))),
    zoneOffsetMinutes(zone, new Date(Date.UTC(year, 6, 15))),
  );
}

/** The time-zone band of an IANA zone ("Europe/Berlin" → europe-africa). */
export function timeZoneBand(zone: string, year = new Date().getUTCFullYear()): TzBandKey {
  const key = `${zone}|${year}`;
  let band = bandCache.get(key);
  if (!band) {
    const offset = standardOffsetMinutes(zone, year);
    band = (TZ_BANDS.find((b) => offset >= b.min && offset <= b.max) ?? TZ_BANDS[2]).key;
    bandCache.set(key, band);
  }
  return band;
}

// Zone arithmetic through Intl is the slowest part of building a document, and members
// share a few hundred zones: a rebuild of 100,000 asks each question once per zone.
const bandCache = new Map<string, TzBandKey>();
let datesMinute = Number.NaN;
const dateCache = new Map<string, string>();

/** The member's local date at `now` (the same for everyone in a zone within a minute). */
function localDateCached(zone: string, now: Date): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== datesMinute) {
    datesMinute = minute;
    dateCache.clear();
  }
  let date = dateCache.get(zone);
  if (date === undefined) {
    date = localDate(zone, now);
    dateCache.set(zone, date);
  }
  return date;
}

export interface PersonSkillFacts {
  slug: string;
  name: string;
  level: number;
  canTeach: boolean;
  wantsToLearn: boolean;
  /** Normalised aliases from the catalogue ("k8s"). */
  aliases: string[];
}

export interface PersonFacts {
  id: string;
  handle: string;
  displayName: string;
  profile: AvailabilityFields & {
    headline: string;
    /** Whether the member wrote a bio (its text stays out of the index). */
    hasBio: boolean;
    seniority: Seniority;
    location: string | null;
    timezone: string;
    languages: string[];
    visibility: Visibility;
  };
  skills: PersonSkillFacts[];
  /** Open and accepted requests the member has received (what capacity is measured against). */
  openRequests: number;
  /** Endorsements received and sessions completed as a helper: their track record. */
  endorsements: number;
  completedSessions: number;
}

/**
 * Tie-breaker after relevance (customRanking `rank:desc`): people who can take a
 * request now come first, then a track record (endorsements, completed sessions, each
 * capped so a few veterans do not bury everyone else), then those who teach more,
 * offer reverse mentoring and have filled in their profile.
 */
export function personRank(facts: PersonFacts, available: boolean): number {
  const teaches = facts.skills.filter((s) => s.canTeach).length;
  let rank = available ? 100 : 0;
  rank += Math.min(facts.endorsements, 10) * 3 + Math.min(facts.completedSessions, 10) * 2;
  rank += Math.min(teaches, 5) * 6;
  if (isReverseMentor(facts.profile, teaches > 0)) rank += 8;
  if (facts.profile.headline) rank += 4;
  if (facts.profile.hasBio) rank += 4;
  rank += Math.min(facts.skills.length, 10);
  return rank;
}

/**
 * The search document for a member: public profile fields only. Per-skill level and
 * teach/learn facts are flattened into values like "kubernetes:4", so "Kubernetes at
 * level 4 or more, can teach it" is a plain filter on flat attributes.
 */
export function buildPersonDocument(facts: PersonFacts, now: Date = new Date()): SearchDocument {
  const p = facts.profile;
  const availability = availabilityState(p, facts.openRequests, localDateCached(p.timezone, now));
  const available = availability.kind === 'open';
  const skills = facts.skills;
  return {
    id: facts.id,
    name: facts.displayName,
    handle: facts.handle,
    headline: p.headline,
    // Strong skills also go in earlier, more important attributes, so that among people who
    // match a skill the ones who know it best rank first (attribute order is a ranking rule
    // in both engines): experts, then proficient or teaching, then everyone else.
    expertSkills: skills.filter((s) => s.level === 5).map((s) => s.name),
    strongSkills: skills.filter((s) => s.level === 4 || (s.canTeach && s.level === 3)).map((s) => s.name),
    skills: skills.map((s) => s.name),
    skillAliases: [...new Set(skills.flatMap((s) => s.aliases))],
    location: p.location,
    languages: p.languages,
    seniority: p.seniority,
    tzBand: timeZoneBand(p.timezone, now.getUTCFullYear()),
    visibility: p.visibility,
    openAdhoc: p.openToAdhoc,
    openOngoing: p.openToOngoing,
    openReverse: p.openToReverse,
    available,
    skillSlugs: skills.map((s) => s.slug),
    skillLevels: skills.map((s) => `${s.slug}:${s.level}`),
    teaches: skills.filter((s) => s.canTeach).map((s) => s.slug),
    teachLevels: skills.filter((s) => s.canTeach).map((s) => `${s.slug}:${s.level}`),
    learns: skills.filter((s) => s.wantsToLearn).map((s) => s.slug),
    teachesAny: skills.some((s) => s.canTeach),
    learnsAny: skills.some((s) => s.wantsToLearn),
    maxLevel: skills.reduce((max, s) => Math.max(max, s.level), 0),
    rank: personRank(facts, available),
  };
}
