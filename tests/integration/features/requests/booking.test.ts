import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { mentoringSessions, rateLimits } from '#db/schema/index.ts';
import {
  addWindow,
  bookableTimeForm,
  removeWindow,
  saveBookableSettings,
} from '#features/bookable-time/bookable-time.service.ts';
import { createRequest } from '#features/requests/asking/ask.service.ts';
import { helperSlots } from '#features/requests/booking/booking.service.ts';
import { acceptRequest, declineRequest } from '#features/requests/lifecycle/lifecycle.service.ts';
import { isAppError } from '#server/errors.ts';
import { createMember, type Member } from '#tests/helpers/factories.ts';
import { as, requestForm, requestRow } from './helpers.ts';

beforeEach(async () => {
  await getDb().delete(rateLimits);
});

const settings = {
  timezone: 'Europe/Berlin',
  sessionMinutes: 30,
  bufferMinutes: 15,
  horizonDays: 21,
  weeklyCap: 5,
  published: 'on' as const,
};

/** A helper who teaches Bun with bookable time every day 17:00–19:00 Berlin time. */
async function helperWithTime(over: Partial<typeof settings> = {}): Promise<Member> {
  const helper = await createMember({
    timezone: 'Europe/Berlin',
    capacityOpenRequests: 20,
    skills: [{ skill: 'Bun', canTeach: true }],
  });
  for (let weekday = 1; weekday <= 7; weekday++) await addWindow(as(helper), { weekday, from: '17:00', to: '19:00' });
  await saveBookableSettings(as(helper), { ...settings, ...over });
  return helper;
}

const sessionsOf = (requestId: string) =>
  getDb().select().from(mentoringSessions).where(eq(mentoringSessions.requestId, requestId));

async function fieldError(p: Promise<unknown>): Promise<Record<string, string>> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.fields;
}

describe('bookable time', () => {
  it('books a free slot from the request form, holds it, and takes it out of the free slots', async () => {
    const helper = await helperWithTime();
    const asker = await createMember({ timezone: 'America/New_York' });
    const before = await helperSlots(helper.id);
    expect(before.length).toBeGreaterThan(10);
    const pick = before[3]!;
    const { id } = await createRequest(
      as(asker),
      requestForm({ to: helper.handle, timezone: 'America/New_York', duration: 60, bookedSlot: pick.toISOString() }),
    );
    // The helper's session length wins over what the form said.
    expect((await requestRow(id))!.durationMinutes).toBe(30);
    const [held] = await sessionsOf(id);
    expect(held).toMatchObject({ state: 'proposed', booked: true, helperId: helper.id, proposedBy: asker.id });
    expect(held!.startsAt.toISOString()).toBe(pick.toISOString());
    const after = await helperSlots(helper.id);
    expect(after.map((s) => s.getTime())).not.toContain(pick.getTime());
  });

  it('holds one slot once when many ask for it at the same moment; the others are told to pick another', async () => {
    const helper = await helperWithTime();
    const askers = await Promise.all(Array.from({ length: 6 }, () => createMember()));
    const slot = (await helperSlots(helper.id))[0]!.toISOString();
    const results = await Promise.allSettled(
      askers.map((a) => createRequest(as(a), requestForm({ to: helper.handle, bookedSlot: slot }))),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      const reason = (r as PromiseRejectedResult).reason;
      expect(isAppError(reason)).toBe(true);
      expect(JSON.stringify(reason.fields)).toMatch(/bookedSlot/);
    }
    const live = await getDb().select().from(mentoringSessions).where(eq(mentoringSessions.helperId, helper.id));
    expect(live).toHaveLength(1);
  });

  it('keeps the weekly cap when two people book different slots of one week at once', async () => {
    const helper = await helperWithTime({ weeklyCap: 1 });
    const [a, b] = await Promise.all([createMember(), createMember()]);
    // The first two slots are on one day (17:00 and 17:45, the buffer between them): one week, cap 1.
    const pair = (await helperSlots(helper.id)).slice(0, 2);
    const results = await Promise.allSettled([
      createRequest(as(a), requestForm({ to: helper.handle, bookedSlot: pair[0]!.toISOString() })),
      createRequest(as(b), requestForm({ to: helper.handle, bookedSlot: pair[1]!.toISOString() })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses a time that is not one of the free slots, beside the field, and saves nothing', async () => {
    const helper = await helperWithTime();
    const asker = await createMember();
    const slot = (await helperSlots(helper.id))[0]!;
    const off = new Date(slot.getTime() + 7 * 60_000).toISOString();
    expect(
      await fieldError(createRequest(as(asker), requestForm({ to: helper.handle, bookedSlot: off }))),
    ).toHaveProperty('bookedSlot');
    expect(
      await fieldError(createRequest(as(asker), requestForm({ to: helper.handle, bookedSlot: 'next tuesday' }))),
    ).toHaveProperty('bookedSlot');
    expect(await fieldError(createRequest(as(asker), requestForm({ to: helper.handle })))).toHaveProperty('bookedSlot');
    const held = await getDb().select().from(mentoringSessions).where(eq(mentoringSessions.helperId, helper.id));
    expect(held).toHaveLength(0);
  });

  it('frees the slot when the helper declines, and schedules it when they accept', async () => {
    const helper = await helperWithTime();
    const [a, b] = await Promise.all([createMember(), createMember()]);
    const slot = (await helperSlots(helper.id))[0]!;
    const first = await createRequest(as(a), requestForm({ to: helper.handle, bookedSlot: slot.toISOString() }));
    await declineRequest(as(helper), { id: first.id });
    expect((await sessionsOf(first.id))[0]!.state).toBe('cancelled');
    expect((await helperSlots(helper.id))[0]!.getTime()).toBe(slot.getTime());
    const second = await createRequest(as(b), requestForm({ to: helper.handle, bookedSlot: slot.toISOString() }));
    await acceptRequest(as(helper), { id: second.id, choice: 'slot-1' });
    const [session] = await sessionsOf(second.id);
    expect(session).toMatchObject({ state: 'scheduled', booked: true });
    expect(session!.startsAt.getTime()).toBe(slot.getTime());
  });

  it('lets requesters propose times for a helper who publishes nothing, or unpublished', async () => {
    const helper = await helperWithTime({ published: undefined });
    const asker = await createMember();
    expect(await helperSlots(helper.id)).toEqual([]);
    const { id } = await createRequest(as(asker), requestForm({ to: helper.handle }));
    expect(await sessionsOf(id)).toHaveLength(0);
  });
});

describe('the availability settings', () => {
  it('refuses publishing without a window and overlapping windows, beside the field', async () => {
    const m = await createMember();
    expect(await fieldError(saveBookableSettings(as(m), settings))).toHaveProperty('published');
    await addWindow(as(m), { weekday: 2, from: '17:00', to: '19:00' });
    expect(await fieldError(addWindow(as(m), { weekday: 2, from: '18:00', to: '20:00' }))).toHaveProperty('from');
    expect(await fieldError(addWindow(as(m), { weekday: 3, from: '19:00', to: '18:00' }))).toHaveProperty('to');
    expect(await fieldError(addWindow(as(m), { weekday: 3, from: '7pm', to: '20:00' }))).toHaveProperty('from');
    await saveBookableSettings(as(m), settings);
    expect((await bookableTimeForm(as(m))).settings.published).toBe(true);
  });

  it('removes one’s own window (and unpublishes with none left); someone else’s is not found', async () => {
    const owner = await createMember();
    const other = await createMember();
    await addWindow(as(owner), { weekday: 2, from: '17:00', to: '19:00' });
    await saveBookableSettings(as(owner), settings);
    const [window] = (await bookableTimeForm(as(owner))).windows;
    const denied = await removeWindow(as(other), { id: window!.id }).catch((e: unknown) => e);
    expect(isAppError(denied) && denied.code).toBe('NOT_FOUND');
    expect((await bookableTimeForm(as(owner))).windows).toHaveLength(1);
    await removeWindow(as(owner), { id: window!.id });
    const after = await bookableTimeForm(as(owner));
    expect(after.windows).toHaveLength(0);
    expect(after.settings.published).toBe(false);
  });
});
