import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { eventPeople, memberBlocks, notifications, rsvps, users } from '#db/schema/index.ts';
import { feedEvents } from '#features/events/event-listings.repo.ts';
import {
  eventIcs,
  eventsRunBy,
  getEventForEditing,
  getEventPage,
  myEvents,
} from '#features/events/event-views.service.ts';
import {
  cancelEvent,
  createEvent as createEventService,
  publishEvent,
  updateEvent,
  updateMaterials,
} from '#features/events/events.service.ts';
import {
  acceptedCoHosts,
  acceptInvitation,
  declineInvitation,
  stepDown,
  withdrawInvitation,
} from '#features/events/invitations.service.ts';
import { rsvp } from '#features/events/rsvp.service.ts';
import { createEvent, createMember, type Member } from '#tests/helpers/factories.ts';

/**
 * Issue 8, item 15: nobody is named co-host or speaker without consent. Naming someone
 * invites them; until they accept their name shows nowhere and they get no host or
 * speaker rights or notices; answers crossing each other leave one consistent outcome.
 */

let organizer: Member;
beforeAll(async () => {
  organizer = await createMember({ displayName: 'Olu Organiser' });
});

const form = (extra: { hosts?: string; speakers?: string; title?: string } = {}) => {
  const start = new Date(Date.now() + 6 * 86_400_000);
  const local = (d: Date) => d.toISOString().slice(0, 16);
  return {
    title: extra.title ?? 'Consent workshop',
    kind: 'workshop' as const,
    description: 'About asking first.',
    format: 'online' as const,
    venue: undefined,
    onlineUrl: 'https://meet.example.test/consent',
    startsAt: local(start),
    endsAt: local(new Date(start.getTime() + 3_600_000)),
    timezone: 'UTC',
    capacity: 2,
    hosts: extra.hosts,
    speakers: extra.speakers,
  };
};

const rowsOf = (eventId: string) => getDb().select().from(eventPeople).where(eq(eventPeople.eventId, eventId));
const noticesOf = (userId: string, kind: string) =>
  getDb()
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

/** A draft created through the service (as the form does) naming `invitee` as co-host. */
async function invitedDraft(invitee: Member, role: 'host' | 'speaker' = 'host', by: Member = organizer) {
  const created = await createEventService(
    by,
    form(role === 'host' ? { hosts: `@${invitee.handle}` } : { speakers: invitee.handle }),
  );
  return created;
}

describe('naming someone invites them', () => {
  it('writes an invitation and an inbox notice, and shows their name nowhere until they accept', async () => {
    const ada = await createMember({ displayName: 'Ada Invitee' });
    const { id, slug } = await invitedDraft(ada);
    expect(await rowsOf(id)).toMatchObject([{ userId: ada.id, role: 'host', status: 'invited' }]);
    const [notice] = await noticesOf(ada.id, 'event.invitation');
    expect(notice).toMatchObject({ title: 'Olu Organiser invited you to co-host Consent workshop' });
    expect(notice!.url).toBe(`/events/${slug}#invitation`);
    await publishEvent(organizer, id);

    // Public page, .ics, listings of what they run, their calendar feed: no trace.
    const visitorPage = await getEventPage(null, slug);
    expect(visitorPage.hosts).toEqual([]);
    expect(visitorPage.invitations).toEqual([]);
    expect((await eventIcs(null, slug)).body).not.toContain('Ada Invitee');
    expect(await eventsRunBy(ada)).toEqual([]);
    expect((await feedEvents(ada.id, new Date(0))).map((e) => e.id)).not.toContain(id);
    // No host rights, no host notices: the "you are on the programme" notice went to nobody.
    const asInvitee = await getEventPage(ada, slug);
    expect(asInvitee.relation).toBe('member');
    expect(asInvitee.onlineUrl).toBeNull();
    expect(asInvitee.mine.invitedAs).toEqual(['host']);
    await expect(updateMaterials(ada, { eventId: id, slidesUrl: 'https://slides.example.test' })).rejects.toMatchObject(
      { code: 'NOT_FOUND' },
    );
    expect(await noticesOf(ada.id, 'event.published')).toEqual([]);
    // The organiser sees the invitation waiting.
    expect((await getEventPage(organizer, slug)).invitations).toMatchObject([{ userId: ada.id, status: 'invited' }]);
    expect((await myEvents(ada)).invited.map((e) => e.id)).toEqual([id]);
  });

  it('lets the invitee see a draft they are invited to (allow), and nobody else (deny)', async () => {
    const ada = await createMember();
    const other = await createMember();
    const { slug } = await invitedDraft(ada, 'speaker');
    expect((await getEventPage(ada, slug)).event.status).toBe('draft');
    await expect(getEventPage(other, slug)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getEventPage(null, slug)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses members blocked either way, with a message beside the field', async () => {
    const blocker = await createMember({ handle: 'blocks-organiser' });
    await getDb().insert(memberBlocks).values({ blockerId: blocker.id, blockedId: organizer.id });
    await expect(createEventService(organizer, form({ hosts: 'blocks-organiser' }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      fields: { hosts: '@blocks-organiser cannot be invited.' },
    });
  });

  it('invites again only people not asked yet when the organiser edits the event', async () => {
    const ada = await createMember();
    const bo = await createMember();
    const { id } = await invitedDraft(ada);
    await acceptInvitation(ada, { eventId: id, role: 'host' });
    await updateEvent(organizer, id, form({ hosts: `${ada.handle}, ${bo.handle}` }));
    expect(await noticesOf(ada.id, 'event.invitation')).toHaveLength(1);
    expect(await noticesOf(bo.id, 'event.invitation')).toHaveLength(1);
    const rows = await rowsOf(id);
    expect(rows.find((r) => r.userId === ada.id)?.status).toBe('accepted');
    expect(rows.find((r) => r.userId === bo.id)?.status).toBe('invited');
  });
});

describe('answering', () => {
  it('accepting puts their name on the event and gives them the co-host part', async () => {
    const ada = await createMember({ displayName: 'Ada Accepts' });
    const { id, slug } = await invitedDraft(ada);
    await publishEvent(organizer, id);
    await acceptInvitation(ada, { eventId: id, role: 'host' });
    expect((await getEventPage(null, slug)).hosts).toEqual([{ name: 'Ada Accepts', href: `/people/${ada.handle}` }]);
    expect((await getEventPage(ada, slug)).relation).toBe('host');
    expect((await feedEvents(ada.id, new Date(0))).map((e) => e.id)).toContain(id);
    expect(await acceptedCoHosts(id)).toMatchObject([{ userId: ada.id, displayName: 'Ada Accepts' }]);
    expect((await noticesOf(organizer.id, 'event.invitation.accepted')).map((n) => n.title)).toContain(
      'Ada Accepts will co-host Consent workshop',
    );
  });

  it('accepting gives up a seat they held, to the first on the waitlist', async () => {
    const ada = await createMember();
    const { id } = await invitedDraft(ada);
    await publishEvent(organizer, id);
    const [first, waiting] = [await createMember(), await createMember()];
    await rsvp(first, id);
    await rsvp(ada, id);
    await rsvp(waiting, id);
    await acceptInvitation(ada, { eventId: id, role: 'host' });
    const statuses = await getDb().select().from(rsvps).where(eq(rsvps.eventId, id));
    expect(statuses.find((r) => r.userId === ada.id)?.status).toBe('cancelled');
    expect(statuses.find((r) => r.userId === waiting.id)?.status).toBe('going');
  });

  it('declining is final: the organiser is told and cannot name them again', async () => {
    const ada = await createMember({ displayName: 'Ada Declines' });
    const { id, slug } = await invitedDraft(ada);
    await declineInvitation(ada, { eventId: id, role: 'host' });
    expect((await noticesOf(organizer.id, 'event.invitation.declined')).map((n) => n.title)).toContain(
      'Ada Declines declined to co-host Consent workshop',
    );
    await expect(getEventPage(ada, slug)).rejects.toMatchObject({ code: 'NOT_FOUND' }); // a draft again
    await expect(acceptInvitation(ada, { eventId: id, role: 'host' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const editing = await getEventForEditing(organizer, slug);
    expect(editing.values.hosts).toBe('');
    expect(editing.peopleNotes.hosts).toBe(`Declined: @${ada.handle}.`);
    await expect(updateEvent(organizer, id, form({ hosts: ada.handle }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      fields: { hosts: expect.stringMatching(/declined/) },
    });
  });

  it('only the invitee answers: the organiser and others cannot accept for them', async () => {
    const ada = await createMember();
    const other = await createMember();
    const { id } = await invitedDraft(ada);
    await publishEvent(organizer, id);
    await expect(acceptInvitation(other, { eventId: id, role: 'host' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(acceptInvitation(organizer, { eventId: id, role: 'host' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await rowsOf(id)).toMatchObject([{ userId: ada.id, status: 'invited' }]);
  });

  it('withdrawing: the organiser may (allow), nobody else (deny); the invitee is told and can no longer accept', async () => {
    const ada = await createMember();
    const other = await createMember();
    const { id } = await invitedDraft(ada);
    await publishEvent(organizer, id);
    await expect(withdrawInvitation(other, { eventId: id, userId: ada.id, role: 'host' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(withdrawInvitation(ada, { eventId: id, userId: ada.id, role: 'host' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await withdrawInvitation(organizer, { eventId: id, userId: ada.id, role: 'host' });
    expect(await rowsOf(id)).toEqual([]);
    expect(await noticesOf(ada.id, 'event.invitation.withdrawn')).toHaveLength(1);
    await expect(acceptInvitation(ada, { eventId: id, role: 'host' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/withdrawn/),
    });
  });

  it('stepping down takes their name off and tells the organiser', async () => {
    const ada = await createMember({ displayName: 'Ada Steps' });
    const { id, slug } = await invitedDraft(ada, 'speaker');
    await publishEvent(organizer, id);
    await acceptInvitation(ada, { eventId: id, role: 'speaker' });
    await stepDown(ada, { eventId: id, role: 'speaker' });
    expect((await getEventPage(null, slug)).speakers).toEqual([]);
    expect((await getEventPage(ada, slug)).relation).toBe('member');
    expect(await noticesOf(organizer.id, 'event.stepped-down')).not.toHaveLength(0);
  });

  it('publishing tells co-hosts who accepted, not people still invited; cancelling tells both', async () => {
    const yes = await createMember();
    const pending = await createMember();
    const { id } = await createEventService(organizer, form({ hosts: `${yes.handle}, ${pending.handle}` }));
    await acceptInvitation(yes, { eventId: id, role: 'host' });
    await publishEvent(organizer, id);
    expect(await noticesOf(yes.id, 'event.published')).toHaveLength(1);
    expect(await noticesOf(pending.id, 'event.published')).toHaveLength(0);
    await cancelEvent(organizer, id, undefined);
    expect(await noticesOf(yes.id, 'event.cancelled')).toHaveLength(1);
    expect(await noticesOf(pending.id, 'event.cancelled')).toHaveLength(1);
  });
});

describe('answers at the same moment', () => {
  it('accept, decline and withdraw racing leave exactly one in effect, with only its notice', async () => {
    for (let round = 0; round < 6; round++) {
      // A fresh organiser each round: invitations count against a daily limit per organiser.
      const organizer = await createMember();
      const ada = await createMember();
      const { id } = await invitedDraft(ada, 'host', organizer);
      await publishEvent(organizer, id);
      const results = await Promise.allSettled([
        acceptInvitation(ada, { eventId: id, role: 'host' }),
        declineInvitation(ada, { eventId: id, role: 'host' }),
        withdrawInvitation(organizer, { eventId: id, userId: ada.id, role: 'host' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
      const rows = await rowsOf(id);
      const accepted = (await noticesOf(organizer.id, 'event.invitation.accepted')).filter((n) => n.actorId === ada.id);
      const declined = (await noticesOf(organizer.id, 'event.invitation.declined')).filter((n) => n.actorId === ada.id);
      const withdrawn = await noticesOf(ada.id, 'event.invitation.withdrawn');
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      if (winner === 0) expect(rows).toMatchObject([{ status: 'accepted' }]);
      if (winner === 1) expect(rows).toMatchObject([{ status: 'declined' }]);
      if (winner === 2) expect(rows).toEqual([]);
      expect([accepted.length, declined.length, withdrawn.length]).toEqual(
        [0, 1, 2].map((i) => (i === winner ? 1 : 0)),
      );
    }
  });

  it('an edit of the event and an accept racing never reset the answer', async () => {
    for (let round = 0; round < 4; round++) {
      // A fresh organiser each round: invitations count against a daily limit per organiser.
      const organizer = await createMember();
      const ada = await createMember();
      const { id } = await invitedDraft(ada, 'host', organizer);
      await Promise.all([
        acceptInvitation(ada, { eventId: id, role: 'host' }),
        updateEvent(organizer, id, form({ hosts: ada.handle, title: `Renamed ${round}` })),
      ]);
      expect(await rowsOf(id)).toMatchObject([{ userId: ada.id, status: 'accepted' }]);
      expect(await noticesOf(ada.id, 'event.invitation')).toHaveLength(1);
    }
  });

  it('an edit taking someone off and their accept racing end consistently: on the event and told, or off it', async () => {
    for (let round = 0; round < 4; round++) {
      // A fresh organiser each round: invitations count against a daily limit per organiser.
      const organizer = await createMember();
      const ada = await createMember();
      const { id } = await invitedDraft(ada, 'host', organizer);
      const [accepted] = await Promise.allSettled([
        acceptInvitation(ada, { eventId: id, role: 'host' }),
        updateEvent(organizer, id, form({ hosts: '' })),
      ]);
      // Whatever the order, the edit has the last word here: they are off the event and were told how.
      expect(await rowsOf(id)).toEqual([]);
      const told = [
        ...(await noticesOf(ada.id, 'event.invitation.withdrawn')),
        ...(await noticesOf(ada.id, 'event.removed')),
      ];
      expect(told).toHaveLength(1);
      if (accepted.status === 'rejected') expect(told[0]!.kind).toBe('event.invitation.withdrawn');
    }
  });
});

describe('who may invite', () => {
  it('needs a confirmed email address to invite (deny), not to save a draft without invitations (allow)', async () => {
    const unconfirmed = await createMember({ verified: false });
    const ada = await createMember();
    await expect(createEventService(unconfirmed, form({ hosts: ada.handle }))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/^Confirm your email address to invite co-hosts and speakers/),
    });
    expect(await noticesOf(ada.id, 'event.invitation')).toEqual([]);
    const draft = await createEventService(unconfirmed, form());
    await expect(publishEvent(unconfirmed, draft.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await getDb().update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, unconfirmed.id));
    await publishEvent(unconfirmed, draft.id);
  });

  it('keeps co-hosts from before invitations (factory rows) and demo rows accepted: they stay shown', async () => {
    const host = await createMember({ displayName: 'Hana Host' });
    const event = await createEvent({ organizer, people: [{ user: host, role: 'host' }] });
    expect((await getEventPage(null, event.slug)).hosts.map((h) => h.name)).toEqual(['Hana Host']);
    const pending = await createEvent({ organizer, people: [{ user: host, role: 'host', status: 'invited' }] });
    expect((await getEventPage(null, pending.slug)).hosts).toEqual([]);
  });
});
