import { describe, expect, it } from 'vitest';
import { requestIcs, requestsFeedEntries, requestsFeedSource } from '#features/requests/sessions/session-calendar.ts';
import { createMember, createRequest } from '#tests/helpers/factories.ts';
import { as } from './helpers.ts';

describe('calendar', () => {
  it('puts accepted sessions (and recent cancellations) in both participants’ feeds', async () => {
    const amara = await createMember({ displayName: 'Amara Okafor' });
    const tunde = await createMember({ displayName: 'Tunde Adeyemi' });
    const start = new Date(Date.now() + 2 * 86_400_000);
    const accepted = await createRequest({
      requester: amara,
      recipient: tunde,
      state: 'accepted',
      kind: 'reverse',
      skill: 'Bun',
      sessionStartsAt: start,
      durationMinutes: 45,
    });
    const cancelled = await createRequest({
      requester: amara,
      recipient: tunde,
      state: 'cancelled',
      sessionStartsAt: new Date(Date.now() + 86_400_000),
    });
    await createRequest({ requester: amara, recipient: tunde, state: 'open' });
    await createRequest({
      requester: amara,
      recipient: tunde,
      state: 'completed',
      sessionStartsAt: new Date(Date.now() - 60 * 86_400_000),
    });

    const forAmara = await requestsFeedEntries(amara.id);
    expect(forAmara.map((e) => e.uid).sort()).toEqual(
      [`request-${accepted}@whoknows`, `request-${cancelled}@whoknows`].sort(),
    );
    const entry = forAmara.find((e) => e.uid.includes(accepted))!;
    expect(entry).toMatchObject({ summary: 'Reverse mentoring on Bun with Tunde Adeyemi', start, status: 'CONFIRMED' });
    expect(entry.end.getTime() - entry.start.getTime()).toBe(45 * 60_000);
    expect(forAmara.find((e) => e.uid.includes(cancelled))).toMatchObject({ status: 'CANCELLED' });
    expect((await requestsFeedSource.entries(tunde.id, new Date()))[0]!.summary).toMatch(/with Amara Okafor$/);
  });

  it('gives the .ics only to participants of a request with a session', async () => {
    const a = await createMember();
    const b = await createMember();
    const stranger = await createMember();
    const moderator = await createMember({ role: 'moderator' });
    const id = await createRequest({ requester: a, recipient: b, state: 'accepted' });
    const file = await requestIcs(as(a), id);
    expect(file.body).toContain(`UID:request-${id}@whoknows`);
    expect(file.filename).toMatch(/\.ics$/);
    await expect(requestIcs(as(b), id)).resolves.toBeDefined();
    await expect(requestIcs(as(stranger), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(requestIcs(as(moderator, 'moderator'), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(requestIcs(null, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const open = await createRequest({ requester: a, recipient: b });
    await expect(requestIcs(as(a), open)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
