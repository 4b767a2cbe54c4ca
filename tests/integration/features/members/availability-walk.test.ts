import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { rateLimits } from '#db/schema/index.ts';
import { getSuggestedMatches } from '#features/matches/matches.service.ts';
import { getAskState } from '#features/members/members.service.ts';
import { searchPeople } from '#features/people/people.service.ts';
import { getPublicProfile } from '#features/profiles/profiles.service.ts';
import { createRequest } from '#features/requests/asking/ask.service.ts';
import { rebuildIndex } from '#server/search/index.ts';
import { createMember, type Member } from '#tests/helpers/factories.ts';
import { as, requestForm } from '../requests/helpers.ts';

// One member, walked through every place that says whether they take requests. They
// have room (capacity 3, nothing open) but ticked none of the "open to" boxes, so
// every one of these places must agree: not taking requests. A member with a box
// ticked is the control: taking requests everywhere.
let closed: Member;
let open: Member;
let asker: Member;

beforeAll(async () => {
  const teachesNix = [{ skill: 'Nix', level: 4, canTeach: true }];
  closed = await createMember({
    handle: 'closed-cleo',
    capacityOpenRequests: 3,
    openToAdhoc: false,
    openToOngoing: false,
    openToReverse: false,
    skills: teachesNix,
  });
  open = await createMember({ handle: 'open-otto', capacityOpenRequests: 3, openToAdhoc: true, skills: teachesNix });
  asker = await createMember({ skills: [{ skill: 'Nix', level: 1, wantsToLearn: true }] });
  await getDb().delete(rateLimits);
  await rebuildIndex('people');
});

describe('a member with capacity but no "open to" box ticked', () => {
  it('is not taking requests on their profile', async () => {
    expect((await getPublicProfile(closed.handle, asker)).availability.kind).toBe('closed');
    expect((await getPublicProfile(open.handle, asker)).availability.kind).toBe('open');
  });

  it('is not taking requests in people search, nor "available now"', async () => {
    const result = await searchPeople(new URLSearchParams('q=nix&teach=1'), asker);
    expect(result.results.find((r) => r.handle === closed.handle)?.availability.kind).toBe('closed');
    expect(result.results.find((r) => r.handle === open.handle)?.availability.kind).toBe('open');
    const available = await searchPeople(new URLSearchParams('q=nix&teach=1&available=1'), asker);
    expect(available.results.map((r) => r.handle)).toEqual([open.handle]);
  });

  it('gets no ask-for-help links', async () => {
    expect(await getAskState(asker.id, closed.id)).toEqual({
      kind: 'unavailable',
      message: `${closed.displayName} is not taking requests right now.`,
    });
    expect(await getAskState(asker.id, open.id)).toEqual({ kind: 'open' });
  });

  it('cannot be sent a request', async () => {
    await expect(createRequest(as(asker), requestForm({ to: closed.handle, topic: 'Nix' }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `${closed.displayName} is not taking requests right now.`,
    });
    await expect(createRequest(as(asker), requestForm({ to: open.handle, topic: 'Nix' }))).resolves.toHaveProperty(
      'id',
    );
  });

  it('is not suggested in /matches', async () => {
    const handles = (await getSuggestedMatches(asker.id)).matches.map((m) => m.handle);
    expect(handles).not.toContain(closed.handle);
    expect(handles).toContain(open.handle);
  });
});
