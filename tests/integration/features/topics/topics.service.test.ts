import { beforeAll, describe, expect, it } from 'vitest';
import { findTopic, listTopics } from '#features/topics/topics.service.ts';
import { dataChanged } from '#server/cache/invalidation.ts';
import { AppError } from '#server/errors.ts';
import { createMember, type Member } from '#tests/helpers/factories.ts';

let viewer: Member;

beforeAll(async () => {
  await createMember({
    seniority: 'junior',
    openToReverse: true,
    skills: [{ skill: 'Bun', level: 4, canTeach: true }],
  });
  await createMember({ seniority: 'staff', openToReverse: true, skills: [{ skill: 'Bun', level: 5, canTeach: true }] });
  await createMember({
    visibility: 'members',
    skills: [
      { skill: 'Bun', level: 2, wantsToLearn: true },
      { skill: 'Elixir', level: 3 },
    ],
  });
  viewer = await createMember();
  dataChanged('skills');
});

describe('the topics index', () => {
  it('groups the skills members list by category, counted for what the viewer may see', async () => {
    const anonymous = await listTopics(null);
    const bunForVisitors = anonymous.groups.flatMap((g) => g.topics).find((t) => t.slug === 'bun');
    expect(bunForVisitors).toMatchObject({ members: 2, teachers: 2, learners: 0, reverse: 1 });
    expect(anonymous.groups.flatMap((g) => g.topics).some((t) => t.slug === 'elixir')).toBe(false);

    const members = await listTopics(viewer);
    const bun = members.groups.flatMap((g) => g.topics).find((t) => t.slug === 'bun');
    expect(bun).toMatchObject({ members: 3, learners: 1 });
    expect(members.groups.map((g) => g.label)).toContain('Backend');
  });

  it('filters by name or alias', async () => {
    const { groups, total } = await listTopics(viewer, 'bunjs');
    expect(total).toBe(1);
    expect(groups[0]?.topics[0]?.name).toBe('Bun');
    expect((await listTopics(null, 'zzzzzz')).total).toBe(0);
  });
});

describe('a topic hub', () => {
  it('shows who teaches it and who reverse-mentors on it (juniors only)', async () => {
    const lookup = await findTopic('bun', null);
    if (lookup.kind !== 'topic') throw new Error('expected a topic');
    expect(lookup.topic.counts).toMatchObject({ members: 2, teachers: 2, reverse: 1, learners: 0 });
    expect(lookup.topic.teachers.map((t) => t.level)).toEqual([5, 4]);
    expect(lookup.topic.reverseMentors.map((t) => t.seniority)).toEqual(['Junior']);
    expect(lookup.topic.aliases).toContain('bunjs');
  });

  it('redirects another spelling or an alias to the canonical slug', async () => {
    expect(await findTopic('k8s', null)).toEqual({ kind: 'redirect', slug: 'kubernetes' });
  });

  it('is not found for an unknown slug', async () => {
    await expect(findTopic('no-such-topic-anywhere', null)).rejects.toBeInstanceOf(AppError);
  });
});
