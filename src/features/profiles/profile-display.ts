import { levelWord } from '#features/skills/skills.ts';
import { wallClockAt } from '#server/time/zones.ts';
import type { EditableSkill } from './member-skills.ts';

/** The availability fields of a profile. */
export interface AvailabilityFields {
  openToAdhoc: boolean;
  openToOngoing: boolean;
  openToReverse: boolean;
  capacityOpenRequests: number;
  capacityHoursMonth: number;
  unavailableUntil: string | null;
}

export type AvailabilityKind = 'open' | 'away' | 'at-capacity' | 'closed';

export interface AvailabilityState {
  kind: AvailabilityKind;
  /** One short phrase: "open to ad-hoc questions", "away until 15 January", "at capacity". */
  label: string;
  /** What the member is open to, as phrases, when they take requests at all. */
  openTo: string[];
}

/** Today's date (YYYY-MM-DD) on the wall calendar of `zone`. */
export function localDate(zone: string, now: Date = new Date()): string {
  const w = wallClockAt(now, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

const monthDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const monthDayYear = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "15 January" (this year) or "15 January 2027". */
export function formatIsoDate(date: string, today: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return (date.slice(0, 4) === today.slice(0, 4) ? monthDay : monthDayYear).format(d);
}

/**
 * Seniorities that have someone more senior to teach: reverse mentoring flows from
 * these members up. A staff engineer or manager who ticks "reverse mentoring" is
 * asking to be reverse-mentored instead.
 */
export const TEACHES_UPWARDS_SENIORITIES = ['student', 'junior', 'mid'] as const;
const TEACHES_UPWARDS = new Set<string>(TEACHES_UPWARDS_SENIORITIES);

/** Whether a member of this seniority offers (rather than seeks) reverse mentoring. */
export function teachesUpwards(seniority: string): boolean {
  return TEACHES_UPWARDS.has(seniority);
}

/** The phrases for what a member is open to, in a stable order. */
export function openToPhrases(
  p: Pick<AvailabilityFields, 'openToAdhoc' | 'openToOngoing' | 'openToReverse'>,
  seniority: string,
): string[] {
  return [
    p.openToAdhoc ? 'open to ad-hoc questions' : null,
    p.openToOngoing ? 'open to ongoing mentoring' : null,
    p.openToReverse ? (teachesUpwards(seniority) ? 'offers reverse mentoring' : 'open to reverse mentoring') : null,
  ].filter((s): s is string => s !== null);
}

/**
 * Whether a member takes requests now, and how to say it. Away (a "not available
 * until" date still ahead on their own calendar) beats everything; then a full
 * request queue; then having nothing switched on. `openRequests` is how many
 * requests they currently have open (the requests feature counts them).
 */
export function availabilityState(
  p: AvailabilityFields & { seniority: string },
  openRequests: number,
  today: string,
): AvailabilityState {
  const openTo = openToPhrases(p, p.seniority);
  if (p.unavailableUntil && p.unavailableUntil > today) {
    return { kind: 'away', label: `away until ${formatIsoDate(p.unavailableUntil, today)}`, openTo };
  }
  if (openTo.length === 0 || p.capacityOpenRequests === 0) {
    return { kind: 'closed', label: 'not taking requests right now', openTo };
  }
  if (openRequests >= p.capacityOpenRequests) return { kind: 'at-capacity', label: 'at capacity', openTo };
  return { kind: 'open', label: openTo[0]!, openTo };
}

/** A skill as the profile page shows it: the editor's row plus whether the tool is new. */
export interface SkillOnProfile extends EditableSkill {
  emerging: boolean;
}

export interface GroupedSkills<S> {
  teaches: S[];
  knows: S[];
  learning: S[];
}

/**
 * Skills as a profile shows them: what they teach, what they know, what they are
 * learning; each group strongest first. A skill both taught and being learned
 * counts as taught (they can already help).
 */
export function groupSkills<S extends Pick<SkillOnProfile, 'name' | 'level' | 'canTeach' | 'wantsToLearn'>>(
  skills: S[],
): GroupedSkills<S> {
  const byLevel = (a: S, b: S) => b.level - a.level || a.name.localeCompare(b.name);
  return {
    teaches: skills.filter((s) => s.canTeach).sort(byLevel),
    knows: skills.filter((s) => !s.canTeach && !s.wantsToLearn).sort(byLevel),
    learning: skills.filter((s) => !s.canTeach && s.wantsToLearn).sort(byLevel),
  };
}

/** "proficient (4/5)". */
export function levelLabel(level: number): string {
  return `${levelWord(level)} (${level}/5)`;
}

/**
 * Reverse mentors offer reverse mentoring, can teach something, and have someone
 * more senior to teach it to: typically a junior teaching a senior a new tool.
 * Returns the skills the badge is about (emerging tools first), or an empty list
 * when the badge does not apply.
 */
export function reverseMentoringSkills<S extends Pick<SkillOnProfile, 'name' | 'canTeach' | 'emerging' | 'level'>>(
  openToReverse: boolean,
  seniority: string,
  skills: S[],
): S[] {
  if (!openToReverse || !teachesUpwards(seniority)) return [];
  return skills
    .filter((s) => s.canTeach)
    .sort((a, b) => Number(b.emerging) - Number(a.emerging) || b.level - a.level || a.name.localeCompare(b.name));
}
