import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { users } from '#db/schema/index.ts';
import { blockMember } from '#features/blocks/blocks.service.ts';
import { publishEvent } from '#features/events/events.service.ts';
import {
  announcementReach,
  followedTopics,
  followingOf,
  followMember,
  followTopic,
  topicFollowInfo,
  unfollowMember,
  unfollowTopic,
} from '#features/follows/follows.service.ts';
import { addItem, createList } from '#features/lists/lists.service.ts';
import { createRequest } from '#features/requests/asking/ask.service.ts';
import { isAppError } from '#server/errors.ts';
import { createEvent, createMember, skillIdByName } from '#tests/helpers/factories.ts';
import { as, noticesFor, requestForm } from '../requests/helpers.ts';

const followNotices = async (m: { id: string }) => (await noticesFor(m.id)).filter((n) => n.kind.startsWith('follow.'));
const item = {
  url: 'https://example.org/rust-book',
  title: 'The Rust book',
  kind: 'book' as const,
  why: 'Start here.',
  minutes: 600,
};

describe('following topics and members', () => {
  it('tells which of several topics a member follows, and nothing for a visitor', async () => {
    const ada = await createMember();
    await followTopic(as(ada), { topic: 'OCaml' });
    await followTopic(as(ada), { topic: 'Elm' });
    const [ocaml, elm, gleam] = (await Promise.all(['OCaml', 'Elm', 'Gleam'].map((n) => skillIdByName(n)))) as [
      number,
      number,
      number,
    ];
    expect(await followedTopics(as(ada), [gleam, elm, ocaml])).toEqual(new Set([ocaml, elm]));
    expect(await followedTopics(as(ada), [gleam])).toEqual(new Set());
    expect(await followedTopics(as(ada), [])).toEqual(new Set());
    expect(await followedTopics(null, [ocaml])).toEqual(new Set());
  });

  it('follows and unfollows a topic by name, slug or alias, and counts its followers for members only', async () => {
    const [ada, bo] = await Promise.all([createMember(), createMember()]);
    await followTopic(as(ada), { topic: 'k8s' });
    await followTopic(as(ada), { topic: 'kubernetes' });
    await followTopic(as(bo), { topic: 'Kubernetes' });
    const { topics } = await followingOf(as(ada));
    expect(topics.map((t) => t.name)).toEqual(['Kubernetes']);
    const skillId = topics[0]!.id;
    expect(await topicFollowInfo(as(ada), skillId)).toEqual({ following: true, followers: 2 });
    expect(await topicFollowInfo(null, skillId)).toBeNull();
    await unfollowTopic(as(ada), { topic: 'kubernetes' });
    expect(await topicFollowInfo(as(ada), skillId)).toEqual({ following: false, followers: 1 });
    const unknown = await followTopic(as(ada), { topic: 'no such thing at all' }).catch((e: unknown) => e);
    expect(isAppError(unknown) && unknown.fields.topic).toMatch(/We do not know/);
  });

  it('follows members one may see, never oneself, and answers "not found" for anyone else', async () => {
    const [ada, grace, hidden] = await Promise.all([createMember(), createMember(), createMember()]);
    await getDb().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, hidden.id));
    await followMember(as(ada), { handle: `@${grace.handle}` });
    expect((await followingOf(as(ada))).members.map((m) => m.handle)).toEqual([grace.handle]);
    const self = await followMember(as(ada), { handle: ada.handle }).catch((e: unknown) => e);
    expect(isAppError(self) && self.code).toBe('BAD_REQUEST');
    const suspended = await followMember(as(ada), { handle: hidden.handle }).catch((e: unknown) => e);
    expect(isAppError(suspended) && suspended.code).toBe('NOT_FOUND');
    await unfollowMember(as(ada), { handle: grace.handle });
    expect((await followingOf(as(ada))).members).toEqual([]);
  });
});

describe('what reaches followers', () => {
  it('tells followers of its topics and of its organiser about a published event once, in their zone', async () => {
    const organizer = await createMember({ displayName: 'Olu Organiser' });
    const [byTopic, byMember, both, neither] = await Promise.all([
      createMember({ timezone: 'Asia/Tokyo' }),
      createMember(),
      createMember(),
      createMember(),
    ]);
    await followTopic(as(byTopic), { topic: 'Rust' });
    await followMember(as(byMember), { handle: organizer.handle });
    await followTopic(as(both), { topic: 'Go' });
    await followMember(as(both), { handle: organizer.handle });
    await followTopic(as(neither), { topic: 'Haskell' });
    const event = await createEvent({
      organizer,
      status: 'draft',
      kind: 'meetup',
      title: 'Systems night',
      topics: ['Rust', 'Go'],
      startsAt: new Date('2026-09-01T17:00:00Z'),
    });

    await publishEvent(as(organizer), event.id);
    const [tokyo] = await followNotices(byTopic);
    expect(tokyo).toMatchObject({
      kind: 'follow.event',
      title: 'New meetup on Rust: Systems night',
      url: `/events/${event.slug}`,
    });
    expect(tokyo!.body).toContain('Wed, 2 Sept 2026, 02:00 (Asia/Tokyo)');
    expect(tokyo!.body).toContain('You follow Rust.');
    expect((await followNotices(byMember))[0]!.title).toBe('New meetup by Olu Organiser: Systems night');
    expect(await followNotices(both)).toHaveLength(1);
    expect(await followNotices(neither)).toHaveLength(0);
    expect(await followNotices(organizer)).toHaveLength(0);
    expect(await announcementReach('event', event.id)).toBe(3);
  });

  it('leaves out members blocked either way, and reaches nobody for a suspended author', async () => {
    const organizer = await createMember();
    const [blocker, blocked, fine] = await Promise.all([createMember(), createMember(), createMember()]);
    for (const m of [blocker, blocked, fine]) await followTopic(as(m), { topic: 'Elixir' });
    await blockMember(blocker.id, organizer.handle);
    await blockMember(organizer.id, blocked.handle);
    const event = await createEvent({ organizer, status: 'draft', topics: ['Elixir'] });
    await publishEvent(as(organizer), event.id);
    expect(await followNotices(blocker)).toHaveLength(0);
    expect(await followNotices(blocked)).toHaveLength(0);
    expect(await followNotices(fine)).toHaveLength(1);

    const suspended = await createMember();
    const list = await createList(as(suspended), { title: 'Elixir from zero', topics: 'Elixir' });
    await getDb().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, suspended.id));
    await addItem(as(suspended), list.id, item);
    expect(await followNotices(fine)).toHaveLength(1);
    expect(await announcementReach('list', list.id)).toBe(0);
  });

  it('announces a reading list with its first item, once, and not a copy', async () => {
    const owner = await createMember({ displayName: 'Lina Lists' });
    const follower = await createMember();
    await followMember(as(follower), { handle: owner.handle });
    const list = await createList(as(owner), {
      title: 'Ownership in Rust',
      topics: 'Rust',
      description: 'Start *here*.',
    });
    expect(await followNotices(follower)).toHaveLength(0);
    await addItem(as(owner), list.id, item);
    await addItem(as(owner), list.id, { ...item, url: 'https://example.org/2' });
    const notices = await followNotices(follower);
    expect(notices.map((n) => n.title)).toEqual(['New reading list by Lina Lists: Ownership in Rust']);
    expect(notices[0]!.body).toBe('Start here. You follow Lina Lists.');
  });

  it('tells topic followers about an open call, except teachers who were told already', async () => {
    const asker = await createMember({ displayName: 'Ana Asker' });
    const [teacher, learner] = await Promise.all([
      createMember({ skills: [{ skill: 'Zig', canTeach: true, level: 4 }], capacityOpenRequests: 3 }),
      createMember(),
    ]);
    await followTopic(as(teacher), { topic: 'Zig' });
    await followTopic(as(learner), { topic: 'Zig' });
    const { id } = await createRequest(as(asker), requestForm({ topic: 'Zig' }));
    expect((await noticesFor(teacher.id)).map((n) => n.kind)).toEqual(['request.open_call']);
    const [notice] = await followNotices(learner);
    expect(notice).toMatchObject({ kind: 'follow.open_call', url: `/requests/${id}` });
    expect(notice!.title).toBe('Open call on Zig: Ana Asker is looking for help');
  });
});
