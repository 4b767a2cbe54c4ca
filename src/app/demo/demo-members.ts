import {
  demoMembers as demoMemberMarks,
  goalSkills,
  memberSkills,
  type ProfileLink,
  profiles,
  type Seniority,
  users,
  type Visibility,
} from '#db/schema/index.ts';
import { normalizeSkillName } from '#features/skills/skills.ts';
import { DAY_MS, type DemoContext } from './context.ts';
import people from './demo-members.json' with { type: 'json' };

export interface DemoMember {
  displayName: string;
  handle: string;
  email: string;
  headline: string;
  bio: string;
  seniority: Seniority;
  location: string | null;
  timezone: string;
  languages: string[];
  links: ProfileLink[];
  careerGoals: string;
  goalSkills: string[];
  openToAdhoc: boolean;
  openToOngoing: boolean;
  openToReverse: boolean;
  capacityOpenRequests: number;
  capacityHoursMonth: number;
  unavailableUntil: string | null;
  visibility: Visibility;
  joinedDaysAgo: number;
  skills: {
    skill: string;
    level: number;
    canTeach: boolean;
    wantsToLearn: boolean;
    years: number | null;
    note: string | null;
  }[];
}

/** The hand-written demo community in demo-members.json, beside this file. */
export function demoMembers(): DemoMember[] {
  return people as DemoMember[];
}

/** Everyone in the demo signs in with this password (it is printed in the README). */
export const DEMO_PASSWORD = 'demo-community-2026';

function skillId(ctx: DemoContext, name: string): number {
  const id = ctx.skillIds.get(normalizeSkillName(name));
  if (id === undefined) throw new Error(`Demo data names a skill that is not in the catalogue: ${name}`);
  return id;
}

/** Inserts the demo members with their profiles, skills and goals. */
export async function seedDemoMembers(ctx: DemoContext, passwordHash: string, ids: Map<string, string>): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    for (const person of demoMembers()) {
      const id = ids.get(person.handle);
      if (!id) throw new Error(`No id prepared for ${person.handle}`);
      const joined = new Date(ctx.now.getTime() - person.joinedDaysAgo * DAY_MS);
      await tx.insert(users).values({
        id,
        email: person.email,
        emailVerifiedAt: joined,
        passwordHash,
        handle: person.handle,
        displayName: person.displayName,
        createdAt: joined,
        updatedAt: joined,
      });
      // Marked, so `npm run admin -- remove-demo` finds exactly the demo's members.
      await tx.insert(demoMemberMarks).values({ userId: id });
      await tx.insert(profiles).values({
        userId: id,
        headline: person.headline,
        bio: person.bio,
        seniority: person.seniority,
        location: person.location,
        timezone: person.timezone,
        languages: person.languages,
        links: person.links,
        careerGoals: person.careerGoals,
        openToAdhoc: person.openToAdhoc,
        openToOngoing: person.openToOngoing,
        openToReverse: person.openToReverse,
        capacityOpenRequests: person.capacityOpenRequests,
        capacityHoursMonth: person.capacityHoursMonth,
        unavailableUntil: person.unavailableUntil,
        visibility: person.visibility,
        updatedAt: joined,
      });
      for (const s of person.skills) {
        await tx.insert(memberSkills).values({
          userId: id,
          skillId: skillId(ctx, s.skill),
          level: s.level,
          canTeach: s.canTeach,
          wantsToLearn: s.wantsToLearn,
          years: s.years,
          note: s.note,
          createdAt: joined,
          updatedAt: joined,
        });
      }
      for (const goal of person.goalSkills) {
        await tx
          .insert(goalSkills)
          .values({ userId: id, skillId: skillId(ctx, goal) })
          .onConflictDoNothing();
      }
      ctx.members.set(person.handle, id);
    }
  });
}
