import { describe, expect, it } from 'vitest';
import { rsvp } from '#features/events/rsvp.service.ts';
import { getMemberHome } from '#features/home/home.service.ts';
import { createEvent, createMember, createRequest } from '#tests/helpers/factories.ts';

const DAY = 86_400_000;

describe("a member's home", () => {
  it('shows what waits for their answer, their next session, their next event and their waitlist places', async () => {
    const now = new Date();
    const me = await createMember({ skills: [{ skill: 'Rust', level: 4, canTeach: true }] });
    const asker = await createMember({ displayName: 'Ada Asker' });
    const waiting = await createRequest({ requester: asker, recipient: me, skill: 'Rust', state: 'open' });
    await createRequest({ requester: me, recipient: asker, state: 'open' }); // sent by me: not waiting for me
    const later = await createRequest({
      requester: asker,
      recipient: me,
      state: 'accepted',
      sessionStartsAt: new Date(now.getTime() + 5 * DAY),
    });
    const sooner = await createRequest({
      requester: me,
      recipient: asker,
      state: 'accepted',
      sessionStartsAt: new Date(now.getTime() + 2 * DAY),
    });
    await createRequest({
      requester: me,
      recipient: asker,
      state: 'accepted',
      sessionStartsAt: new Date(now.getTime() - DAY), // already past
    });
    const going = await createEvent({ organizer: asker, capacity: 10, startsAt: new Date(now.getTime() + 3 * DAY) });
    const full = await createEvent({ organizer: asker, capacity: 1, startsAt: new Date(now.getTime() + 4 * DAY) });
    const firstIn = await createMember();
    await rsvp(firstIn, full.id);
    await rsvp(me, going.id);
    await rsvp(me, full.id);
    const openCall = await createRequest({ requester: asker, openCall: true, recipient: null, skill: 'Rust' });

    const home = await getMemberHome(me, now);
    expect(home.waiting.items.map((d) => d.request.id)).toEqual([waiting]);
    expect(home.waiting.total).toBe(1);
    expect(home.nextSession?.request.id).toBe(sooner);
    expect(home.nextSession?.request.id).not.toBe(later);
    expect(home.nextEvent?.id).toBe(going.id);
    expect(home.waitlisted.map((e) => e.id)).toEqual([full.id]);
    expect(home.openCalls.map((d) => d.request.id)).toContain(openCall);
    expect(home.teachesSomething).toBe(true);
  });

  it('walks a newcomer through the steps to a useful profile, and stops once they are findable', async () => {
    const newcomer = await createMember({ setUp: false });
    const first = await getMemberHome(newcomer);
    expect(first.steps.show).toBe(true);
    expect(first.steps.items.map((s) => s.done)).toEqual([false, false, false, false]);
    expect(first.teachesSomething).toBe(false);

    const findable = await createMember({ skills: [{ skill: 'Go', level: 3, canTeach: true }] });
    const home = await getMemberHome(findable);
    expect(home.steps.show).toBe(false);
    expect(home.waiting.items).toEqual([]);
    expect(home.nextSession).toBeNull();
  });
});
