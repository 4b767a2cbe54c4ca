import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { endorsements } from '#db/schema/index.ts';
import { peopleSource } from '#features/people/people.search.ts';
import { searchPeople } from '#features/people/people.service.ts';
import { getPublicProfile } from '#features/profiles/profiles.service.ts';
import { rebuildIndex } from '#server/search/index.ts';
import { createMember, createRequest, type Member, skillIdByName } from '#tests/helpers/factories.ts';

// How the requests feature's numbers reach profiles and people search.
let busy: Member;
let free: Member;
let asker: Member;

beforeAll(async () => {
  asker = await createMember();
  busy = await createMember({
    handle: 'busy-bee',
    capacityOpenRequests: 2,
    skills: [{ skill: 'Elixir', level: 4, canTeach: true }],
  });
  free = await createMember({
    handle: 'free-fox',
    capacityOpenRequests: 2,
    skills: [{ skill: 'Elixir', level: 4, canTeach: true }],
  });
  await createRequest({ requester: asker, recipient: busy, skill: 'Elixir' });
  await createRequest({ requester: asker, recipient: busy, skill: 'Elixir', state: 'accepted' });
  await createRequest({ requester: asker, recipient: free, skill: 'Elixir', state: 'completed' });
  const completed = await createRequest({ requester: asker, recipient: free, skill: 'Elixir', state: 'completed' });
  await getDb()
    .insert(endorsements)
    .values({
      requestId: completed,
      endorserId: asker.id,
      endorseeId: free.id,
      skillId: await skillIdByName('Elixir'),
    });
  await rebuildIndex('people');
});

describe('capacity and track record', () => {
  it('show a member with as many open requests as their capacity as at capacity', async () => {
    expect((await getPublicProfile(busy.handle, null)).availability).toMatchObject({
      kind: 'at-capacity',
      label: 'at capacity',
    });
    expect((await getPublicProfile(free.handle, null)).availability.kind).toBe('open');
    const result = await searchPeople(new URLSearchParams('q=elixir'), null);
    expect(result.results.find((r) => r.handle === 'busy-bee')?.availability.label).toBe('at capacity');
    expect(handles(await searchPeople(new URLSearchParams('q=elixir&available=1'), null))).toEqual(['free-fox']);
  });

  it('rank people with a track record and room for requests first', async () => {
    const [busyDoc] = await peopleSource.load([busy.id]);
    const [freeDoc] = await peopleSource.load([free.id]);
    expect(freeDoc!.rank).toBeGreaterThan(busyDoc!.rank as number);
    expect(handles(await searchPeople(new URLSearchParams('q=elixir'), null))).toEqual(['free-fox', 'busy-bee']);
  });
});

function handles(r: Awaited<ReturnType<typeof searchPeople>>): string[] {
  return r.results.map((p) => p.handle);
}
