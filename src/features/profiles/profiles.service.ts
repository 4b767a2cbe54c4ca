import { getDb } from '#db/client.ts';
import { type AvailabilityState, availabilityState, localDate } from '#features/members/availability.ts';
import type { Face } from '#features/members/avatar.ts';
import { type MemberRow, memberZone } from '#features/members/members.service.ts';
import { reverseMentoringSkills } from '#features/members/reverse-mentor.ts';
import type { Viewer } from '#features/members/viewer.ts';
import { canSeeMember } from '#features/members/visibility.ts';
import { closestSkills, findSkillByName } from '#features/skills/skills.service.ts';
import { dataChanged } from '#server/cache/invalidation.ts';
import { invalid, notFound } from '#server/errors.ts';
import { markdownToText, renderMarkdown } from '#server/markdown.ts';
import { enqueueIndexJob } from '#server/search/outbox.ts';
import { formatTime } from '#server/time/format.ts';
import { formatUtcOffset, relativeZoneLabel } from '#server/time/zones.ts';
import { type GroupedSkills, groupSkills, type SkillOnProfile } from './profile-display.ts';
import * as repo from './profiles.repo.ts';
import { PROFILE_LIMITS, type ProfileUpdate } from './profiles.ts';

/** Everything the profile form shows for the signed-in member. */
export async function getProfileForEditing(userId: string) {
  const [row, goals] = await Promise.all([repo.findProfileById(userId), repo.listGoalSkills(userId)]);
  if (!row) throw notFound();
  return { handle: row.member.handle, displayName: row.member.displayName, profile: row.profile, goalSkills: goals };
}

const DAY_MS = 86_400_000;

async function resolveGoalSkills(names: string[]): Promise<number[]> {
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const skill = await findSkillByName(name);
    if (skill) {
      if (!ids.includes(skill.id)) ids.push(skill.id);
    } else unknown.push(name);
  }
  if (unknown.length > 0) {
    const first = unknown[0]!;
    const close = await closestSkills(first, 3);
    const hint =
      close.length > 0
        ? ` Did you mean ${close.map((s) => `“${s.name}”`).join(', ')}?`
        : ' Add it on your Skills page first.';
    throw invalid({ goalSkills: `We do not know “${first}” yet.${hint}` });
  }
  return ids;
}

/**
 * Saves the signed-in member's profile: name, profile fields, goal skills and the
 * search job, all in one transaction, so a failure leaves nothing half-saved.
 */
export async function updateProfile(
  userId: string,
  update: ProfileUpdate,
  now = new Date(),
): Promise<{ handle: string }> {
  const current = await repo.findProfileById(userId);
  if (!current) throw notFound();
  if (update.unavailableUntil) {
    const today = localDate(update.timezone, now);
    const latest = new Date(now.getTime() + PROFILE_LIMITS.awayDays * DAY_MS).toISOString().slice(0, 10);
    if (update.unavailableUntil <= today)
      throw invalid({ unavailableUntil: 'Pick a date after today, or leave it empty.' });
    if (update.unavailableUntil > latest) throw invalid({ unavailableUntil: 'Pick a date within the next two years.' });
  }
  const goalSkillIds = await resolveGoalSkills(update.goalSkillNames);

  await getDb().transaction(async (tx) => {
    await repo.updateDisplayName(userId, update.displayName, now, tx);
    await repo.updateProfile(
      userId,
      {
        headline: update.headline,
        bio: update.bio,
        seniority: update.seniority,
        location: update.location,
        timezone: update.timezone,
        languages: update.languages,
        links: update.links,
        careerGoals: update.careerGoals,
        openToAdhoc: update.openToAdhoc,
        openToOngoing: update.openToOngoing,
        openToReverse: update.openToReverse,
        capacityOpenRequests: update.capacityOpenRequests,
        capacityHoursMonth: update.capacityHoursMonth,
        unavailableUntil: update.unavailableUntil,
        visibility: update.visibility,
        // The first save is when seniority and zone became the member's own choice.
        setUpAt: current.profile.setUpAt ?? now,
        updatedAt: now,
      },
      tx,
    );
    await repo.replaceGoalSkills(userId, goalSkillIds, tx);
    await enqueueIndexJob(tx, 'people', userId, 'upsert', now);
  });
  dataChanged('people');
  return { handle: current.member.handle };
}

export interface PublicProfile {
  userId: string;
  /** The member row this profile was read with: the page's sections reuse it instead of reading it again. */
  member: MemberRow;
  handle: string;
  displayName: string;
  face: Face;
  headline: string;
  bioHtml: string;
  /** The bio as plain text, cut for a meta description. */
  summary: string;
  seniority: string;
  location: string | null;
  timezone: string;
  /** "3 h ahead of you" for members, null for visitors or when the viewer is the member. */
  zoneRelative: string | null;
  /** "UTC+1". */
  zoneOffset: string;
  /** The member's wall-clock time now, "18:30". */
  localTime: string;
  languages: string[];
  links: { label: string; url: string }[];
  careerGoals: string;
  goalSkills: { slug: string; name: string }[];
  visibility: 'public' | 'members';
  availability: AvailabilityState;
  capacityOpenRequests: number;
  capacityHoursMonth: number;
  skills: GroupedSkills<SkillOnProfile>;
  /** Skills behind the reverse-mentoring badge; empty when the badge does not apply. */
  reverseSkills: SkillOnProfile[];
  joinedAt: Date;
  isOwn: boolean;
  /** Only the owner and moderators ever get a profile that is hidden or suspended; the page says so. */
  hiddenAt: Date | null;
  suspendedAt: Date | null;
}

/**
 * A member's profile as `viewer` may see it (`canSeeMember`). Members-only, hidden and
 * withdrawn profiles are "not found" for anyone who may not see them, exactly like a
 * handle that does not exist.
 */
export async function getPublicProfile(handle: string, viewer: Viewer, now = new Date()): Promise<PublicProfile> {
  const row = await repo.findPublicProfileByHandle(handle);
  if (!row || !canSeeMember(viewer, row.member)) throw notFound();
  const { member, skills } = row;
  const isOwn = viewer?.id === member.id;
  const viewerZone = isOwn ? null : await memberZone(viewer);
  const zone = member.timezone;
  return {
    userId: member.id,
    member,
    handle: member.handle,
    displayName: member.displayName,
    face: {
      handle: member.handle,
      displayName: member.displayName,
      avatarKey: member.avatarKey,
      visibility: member.visibility,
    },
    headline: member.headline,
    bioHtml: row.bio ? renderMarkdown(row.bio) : '',
    summary: member.headline || markdownToText(row.bio, 160),
    seniority: member.seniority,
    location: member.location,
    timezone: zone,
    zoneRelative: viewerZone ? relativeZoneLabel(zone, viewerZone, now) : null,
    zoneOffset: formatUtcOffset(zone, now),
    localTime: formatTime(now, zone),
    languages: row.languages,
    links: row.links,
    careerGoals: row.careerGoals,
    goalSkills: row.goals.map((g) => ({ slug: g.slug, name: g.name })),
    visibility: member.visibility,
    availability: availabilityState(member, member.openRequests, localDate(zone, now)),
    capacityOpenRequests: member.capacityOpenRequests,
    capacityHoursMonth: member.capacityHoursMonth,
    skills: groupSkills(skills),
    reverseSkills: reverseMentoringSkills(member.openToReverse, member.seniority, skills),
    joinedAt: row.createdAt,
    isOwn,
    hiddenAt: member.hiddenAt,
    suspendedAt: member.suspendedAt,
  };
}

/** Start-up fix-up: profiles saved before set-up was recorded (see `markChosenProfilesSetUp`). */
export function markStoredProfilesSetUp(): Promise<number> {
  return repo.markChosenProfilesSetUp();
}
