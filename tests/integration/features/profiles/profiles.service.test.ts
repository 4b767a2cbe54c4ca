import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '#db/client.ts';
import { goalSkills, profiles, searchJobs, users } from '#db/schema/index.ts';
import { endFinishedAwayPeriods } from '#features/profiles/profiles.jobs.ts';
import * as repo from '#features/profiles/profiles.repo.ts';
import { getProfileForEditing, getPublicProfile, updateProfile } from '#features/profiles/profiles.service.ts';
import type { ProfileUpdate } from '#features/profiles/profiles.ts';
import { AppError } from '#server/errors.ts';
import { createMember } from '#tests/helpers/factories.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
afterEach(() => vi.restoreAllMocks());

function update(overrides: Partial<ProfileUpdate> = {}): ProfileUpdate {
  return {
    displayName: 'Grace Hopper',
    headline: 'Compilers, and teaching them',
    bio: 'I like **nanoseconds**. <script>alert(1)</script> [click](javascript:alert(1))',
    seniority: 'staff',
    location: 'Arlington',
    timezone: 'America/New_York',
    languages: ['English'],
    links: [{ label: 'Site', url: 'https://grace.example/' }],
    careerGoals: 'Retire, eventually.',
    goalSkillNames: ['k8s', 'Rust'],
    openToAdhoc: true,
    openToOngoing: true,
    openToReverse: false,
    capacityOpenRequests: 2,
    capacityHoursMonth: 6,
    unavailableUntil: '2027-01-15',
    visibility: 'public',
    ...overrides,
  };
}

async function expectAppError(promise: Promise<unknown>, code: string, field?: string): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (field) expect((error as AppError).fields[field]).toBeTruthy();
  return error as AppError;
}

const jobsFor = (userId: string) =>
  getDb()
    .select()
    .from(searchJobs)
    .where(and(eq(searchJobs.index, 'people'), eq(searchJobs.entityId, userId)));

describe('updating a profile', () => {
  it('saves every field, the goal skills (aliases resolved) and a search job, together', async () => {
    const member = await createMember();
    await updateProfile(member.id, update(), NOW);
    const editing = await getProfileForEditing(member.id);
    expect(editing.displayName).toBe('Grace Hopper');
    expect(editing.profile).toMatchObject({
      headline: 'Compilers, and teaching them',
      timezone: 'America/New_York',
      capacityOpenRequests: 2,
      unavailableUntil: '2027-01-15',
    });
    expect(editing.goalSkills.map((g) => g.name).sort()).toEqual(['Kubernetes', 'Rust']);
    const jobs = await jobsFor(member.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ op: 'upsert', dedupKey: `people:${member.id}` });
  });

  it('refuses an unknown goal skill with a suggestion, and saves nothing', async () => {
    const member = await createMember({ headline: 'before' });
    const error = await expectAppError(
      updateProfile(member.id, update({ goalSkillNames: ['Kubernets'] }), NOW),
      'BAD_REQUEST',
      'goalSkills',
    );
    expect(error.fields.goalSkills).toMatch(/Kubernetes/);
    const row = await getDb().select().from(profiles).where(eq(profiles.userId, member.id)).get();
    expect(row?.headline).toBe('before');
    expect(await jobsFor(member.id)).toHaveLength(0);
    expect((await getDb().select().from(users).where(eq(users.id, member.id)).get())?.displayName).not.toBe(
      'Grace Hopper',
    );
  });

  it('rolls back the whole save when a statement fails half-way', async () => {
    const member = await createMember({ headline: 'before', goalSkills: ['Go'] });
    // The profile row and the name are written before the goal skills; make that last step fail.
    const spy = vi.spyOn(repo, 'replaceGoalSkills').mockRejectedValueOnce(new Error('disk full'));
    await expect(updateProfile(member.id, update({ unavailableUntil: null }), NOW)).rejects.toThrow('disk full');
    expect(spy).toHaveBeenCalledOnce();
    const row = await getDb().select().from(profiles).where(eq(profiles.userId, member.id)).get();
    expect(row?.headline).toBe('before');
    expect((await getDb().select().from(users).where(eq(users.id, member.id)).get())?.displayName).not.toBe(
      'Grace Hopper',
    );
    expect(await getDb().select().from(goalSkills).where(eq(goalSkills.userId, member.id))).toHaveLength(1);
    expect(await jobsFor(member.id)).toHaveLength(0);
  });

  it('wants a "not available until" date after today and within two years', async () => {
    const member = await createMember();
    await expectAppError(
      updateProfile(member.id, update({ unavailableUntil: '2026-11-22' }), NOW),
      'BAD_REQUEST',
      'unavailableUntil',
    );
    await expectAppError(
      updateProfile(member.id, update({ unavailableUntil: '2029-01-01' }), NOW),
      'BAD_REQUEST',
      'unavailableUntil',
    );
  });

  it('ends away periods whose date has come, and reindexes those members', async () => {
    const away = await createMember({ timezone: 'Asia/Tokyo' });
    const stillAway = await createMember({ timezone: 'America/Los_Angeles' });
    await getDb().update(profiles).set({ unavailableUntil: '2026-11-23' }).where(eq(profiles.userId, away.id));
    await getDb().update(profiles).set({ unavailableUntil: '2026-11-23' }).where(eq(profiles.userId, stillAway.id));
    // 18:00 UTC on the 22nd is already the 23rd in Tokyo, still the 22nd in Los Angeles.
    await endFinishedAwayPeriods(new Date('2026-11-22T18:00:00Z'));
    expect(
      (await getDb().select().from(profiles).where(eq(profiles.userId, away.id)).get())?.unavailableUntil,
    ).toBeNull();
    expect(
      (await getDb().select().from(profiles).where(eq(profiles.userId, stillAway.id)).get())?.unavailableUntil,
    ).toBe('2026-11-23');
    expect(await jobsFor(away.id)).toHaveLength(1);
    expect(await jobsFor(stillAway.id)).toHaveLength(0);
  });
});

describe('the public profile', () => {
  it('renders the bio safely and groups skills', async () => {
    const member = await createMember({
      seniority: 'junior',
      openToReverse: true,
      skills: [
        { skill: 'Bun', level: 4, canTeach: true },
        { skill: 'Go', level: 3 },
        { skill: 'Rust', level: 1, wantsToLearn: true },
      ],
    });
    await updateProfile(member.id, update({ seniority: 'junior', openToReverse: true, unavailableUntil: null }), NOW);
    const profile = await getPublicProfile(member.handle, null, NOW);
    expect(profile.bioHtml).toContain('<strong>nanoseconds</strong>');
    expect(profile.bioHtml).not.toMatch(/<script|href="javascript/i);
    expect(profile.skills.teaches.map((s) => s.name)).toEqual(['Bun']);
    expect(profile.skills.knows.map((s) => s.name)).toEqual(['Go']);
    expect(profile.skills.learning.map((s) => s.name)).toEqual(['Rust']);
    expect(profile.reverseSkills.map((s) => s.name)).toEqual(['Bun']);
    expect(profile.availability.label).toBe('open to ad-hoc questions');
    expect(profile.zoneRelative).toBeNull();
    expect(profile.zoneOffset).toBe('UTC−5');
  });

  it('tells a member how the zone relates to theirs', async () => {
    const tokyo = await createMember({ timezone: 'Asia/Tokyo' });
    const berlin = await createMember({ timezone: 'Europe/Berlin' });
    const profile = await getPublicProfile(tokyo.handle, berlin, NOW);
    expect(profile.zoneRelative).toBe('8 h ahead of you');
  });

  it('hides a members-only profile from visitors (deny) and shows it to members (allow)', async () => {
    const hidden = await createMember({ visibility: 'members' });
    const viewer = await createMember();
    await expectAppError(getPublicProfile(hidden.handle, null, NOW), 'NOT_FOUND');
    expect((await getPublicProfile(hidden.handle, viewer, NOW)).handle).toBe(hidden.handle);
  });

  it('answers "not found" for suspended members and unknown handles', async () => {
    const member = await createMember();
    await getDb().update(users).set({ suspendedAt: NOW }).where(eq(users.id, member.id));
    await expectAppError(getPublicProfile(member.handle, member, NOW), 'NOT_FOUND');
    await expectAppError(getPublicProfile('nobody-here', null, NOW), 'NOT_FOUND');
  });
});
