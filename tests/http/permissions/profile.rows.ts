import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { expect } from 'vitest';
import {
  availabilityWindows,
  avatarImages,
  memberBlocks,
  memberFollows,
  memberSkills,
  profiles,
  topicFollows,
} from '#db/schema/index.ts';
import { createMember, skillIdByName } from '#tests/helpers/factories.ts';
import { type ActionRow, type Actor, only, ownerFor, type World } from './matrix.ts';

/** Profiles, skills, avatars, blocks, follows and bookable time: each member changes only their own. */

const SELF = only(['member', 'owner', 'moderator', 'admin']);
/** Acting on one of the owner's own rows by id: others get a 404 and the owner's row stays. */
const OWNERS = only(['owner']);
const self = (world: World, actor: Actor) => world.members[actor as Exclude<Actor, 'visitor'>];

/** Gives the actor's owner a skill to edit (rows that touch one skill by id). */
async function ownedSkill(world: World, actor: Actor, name: string): Promise<number> {
  const skillId = await skillIdByName(name, world.db);
  await world.db
    .insert(memberSkills)
    .values({ userId: ownerFor(world, actor).id, skillId, level: 2, canTeach: false, wantsToLearn: true })
    .onConflictDoNothing();
  return skillId;
}

let picture: Promise<Blob> | undefined;
const png = () => {
  picture ??= sharp({ create: { width: 64, height: 64, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer()
    .then((b) => new Blob([new Uint8Array(b)], { type: 'image/png' }));
  return picture;
};

export const rows: ActionRow[] = [
  {
    action: 'profiles.update',
    expect: SELF,
    fields: (_world, actor) => ({
      displayName: `Matrix ${actor}`,
      headline: `Headline of the ${actor}`,
      bio: '',
      seniority: 'mid',
      location: '',
      timezone: 'UTC',
      languages: 'english',
      careerGoals: '',
      goalSkills: '',
      openToAdhoc: 'on',
      capacityOpenRequests: '3',
      capacityHoursMonth: '5',
      unavailableUntil: '',
      visibility: 'public',
    }),
    effect: async (world, actor) => {
      const row = await world.db
        .select()
        .from(profiles)
        .where(eq(profiles.userId, self(world, actor).id))
        .get();
      expect(row!.headline).toBe(`Headline of the ${actor}`);
    },
  },
  {
    action: 'profiles.addSkill',
    expect: SELF,
    fields: () => ({ skill: 'Kubernetes', level: '3', canTeach: 'on' }),
    effect: async (world, actor) => {
      const skillId = await skillIdByName('Kubernetes', world.db);
      const row = await world.db
        .select()
        .from(memberSkills)
        .where(and(eq(memberSkills.userId, self(world, actor).id), eq(memberSkills.skillId, skillId)))
        .get();
      expect(row, actor).toBeDefined();
    },
  },
  {
    action: 'profiles.updateSkill',
    expect: OWNERS,
    fields: async (world, actor) => ({ skillId: String(await ownedSkill(world, actor, 'Elixir')), level: '5' }),
    effect: async (world) => {
      const skillId = await skillIdByName('Elixir', world.db);
      const row = await world.db
        .select()
        .from(memberSkills)
        .where(and(eq(memberSkills.userId, world.members.owner.id), eq(memberSkills.skillId, skillId)))
        .get();
      expect(row!.level).toBe(5);
    },
  },
  {
    action: 'profiles.removeSkill',
    expect: OWNERS,
    fields: async (world, actor) => ({ skillId: String(await ownedSkill(world, actor, 'Go')) }),
  },
  {
    action: 'avatars.upload',
    expect: SELF,
    fields: async () => {
      const form = new FormData();
      form.set('picture', await png(), 'me.png');
      return form;
    },
    effect: async (world, actor) => {
      const row = await world.db
        .select()
        .from(avatarImages)
        .where(eq(avatarImages.userId, self(world, actor).id))
        .get();
      expect(row, actor).toBeDefined();
    },
  },
  {
    action: 'avatars.remove',
    expect: SELF,
    fields: () => ({}),
  },
  {
    action: 'blocks.block',
    expect: SELF,
    fields: async (world) => ({ handle: (await createMember({}, world.db)).handle }),
    effect: async (world, actor) => {
      const rows = await world.db
        .select()
        .from(memberBlocks)
        .where(eq(memberBlocks.blockerId, self(world, actor).id));
      expect(rows.length, actor).toBeGreaterThan(0);
    },
  },
  {
    action: 'blocks.unblock',
    expect: SELF,
    fields: async (world, actor) => {
      const target = await createMember({}, world.db);
      if (actor !== 'visitor')
        await world.db.insert(memberBlocks).values({ blockerId: self(world, actor).id, blockedId: target.id });
      return { handle: target.handle };
    },
  },
  {
    action: 'follows.followTopic',
    expect: SELF,
    fields: () => ({ topic: 'Rust' }),
    effect: async (world, actor) => {
      const rows = await world.db
        .select()
        .from(topicFollows)
        .where(eq(topicFollows.userId, self(world, actor).id));
      expect(rows.length, actor).toBeGreaterThan(0);
    },
  },
  { action: 'follows.unfollowTopic', expect: SELF, fields: () => ({ topic: 'Rust' }) },
  {
    action: 'follows.followMember',
    expect: SELF,
    fields: async (world) => ({ handle: (await createMember({}, world.db)).handle }),
    effect: async (world, actor) => {
      const rows = await world.db
        .select()
        .from(memberFollows)
        .where(eq(memberFollows.userId, self(world, actor).id));
      expect(rows.length, actor).toBeGreaterThan(0);
    },
  },
  {
    action: 'follows.unfollowMember',
    expect: SELF,
    fields: (world) => ({ handle: world.members.owner.handle }),
  },
  {
    action: 'bookableTime.saveSettings',
    expect: SELF,
    fields: () => ({
      timezone: 'Europe/Berlin',
      sessionMinutes: '30',
      bufferMinutes: '15',
      horizonDays: '21',
      weeklyCap: '3',
    }),
  },
  {
    action: 'bookableTime.addWindow',
    expect: SELF,
    fields: () => ({ weekday: '2', from: '17:00', to: '19:00' }),
    effect: async (world, actor) => {
      const rows = await world.db
        .select()
        .from(availabilityWindows)
        .where(eq(availabilityWindows.userId, self(world, actor).id));
      expect(rows.length, actor).toBeGreaterThan(0);
    },
  },
  {
    action: 'bookableTime.removeWindow',
    expect: OWNERS,
    fields: async (world, actor) => {
      const [row] = await world.db
        .insert(availabilityWindows)
        .values({ userId: ownerFor(world, actor).id, weekday: 4, startMinute: 600, endMinute: 720 })
        .returning({ id: availabilityWindows.id });
      return { id: String(row!.id) };
    },
    effect: async (world, _actor, fields) => {
      const id = Number((fields as Record<string, string>).id);
      expect(
        await world.db.select().from(availabilityWindows).where(eq(availabilityWindows.id, id)).get(),
      ).toBeUndefined();
    },
  },
];
