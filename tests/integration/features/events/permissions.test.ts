import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { events, notifications } from '#db/schema/index.ts';
import {
  attendeesCsv,
  eventIcs,
  getAttendees,
  getEventForEditing,
  getEventPage,
} from '#features/events/event-views.service.ts';
import {
  announce,
  attachReadingList,
  cancelEvent,
  deleteDraft,
  publishEvent,
  updateEvent,
  updateMaterials,
} from '#features/events/events.service.ts';
import { rsvp } from '#features/events/rsvp.service.ts';
import { createEvent, createList, createMember, type Member } from '#tests/helpers/factories.ts';

/**
 * The permission matrix: organiser / attendee (going) / other member / anonymous, each
 * rule with an allow and a deny case. Writes by anonymous visitors are refused before
 * any service runs (actions require a session); the HTTP tests cover those.
 */

let organizer: Member;
let attendee: Member;
let other: Member;
let speaker: Member;

beforeAll(async () => {
  [organizer, attendee, other, speaker] = await Promise.all([
    createMember(),
    createMember(),
    createMember(),
    createMember(),
  ]);
});

async function publishedWithAttendee() {
  const event = await createEvent({ organizer, people: [{ user: speaker, role: 'speaker' }] });
  await rsvp(attendee, event.id);
  return event;
}

const form = (title = 'Edited title') => {
  const start = new Date(Date.now() + 5 * 86_400_000);
  const local = (d: Date) => d.toISOString().slice(0, 16);
  return {
    title,
    kind: 'talk' as const,
    description: '',
    format: 'online' as const,
    venue: undefined,
    onlineUrl: 'https://meet.example.test/edited',
    startsAt: local(start),
    endsAt: local(new Date(start.getTime() + 3_600_000)),
    timezone: 'UTC',
    capacity: 30,
  };
};

describe('drafts', () => {
  it('are visible to their organiser and a speaker who accepted (allow) and not found for everyone else (deny)', async () => {
    const draft = await createEvent({ organizer, status: 'draft', people: [{ user: speaker, role: 'speaker' }] });
    for (const viewer of [organizer, speaker]) {
      expect((await getEventPage(viewer, draft.slug)).event.id).toBe(draft.id);
      expect((await eventIcs(viewer, draft.slug)).body).toContain('BEGIN:VEVENT');
    }
    for (const viewer of [attendee, other, null]) {
      await expect(getEventPage(viewer, draft.slug)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(eventIcs(viewer, draft.slug)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('can be published and deleted by the organiser only', async () => {
    const draft = await createEvent({ organizer, status: 'draft' });
    await expect(publishEvent(other, draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteDraft(attendee, draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await publishEvent(organizer, draft.id);
    expect((await getEventPage(other, draft.slug)).event.status).toBe('published');
    // The speaker heard about it; publishing twice is refused.
    await expect(publishEvent(organizer, draft.id)).rejects.toMatchObject({ code: 'CONFLICT' });

    const second = await createEvent({ organizer, status: 'draft' });
    await deleteDraft(organizer, second.id);
    expect(await getDb().select().from(events).where(eq(events.id, second.id)).get()).toBeUndefined();
  });
});

describe('the online link', () => {
  it('is shown to the organiser, speakers and people going (allow) and hidden from others (deny)', async () => {
    const event = await publishedWithAttendee();
    for (const viewer of [organizer, speaker, attendee]) {
      expect((await getEventPage(viewer, event.slug)).onlineUrl).toMatch(/^https:\/\/meet\.example\.test\//);
      expect((await eventIcs(viewer, event.slug)).body).toContain('meet.example.test');
    }
    for (const viewer of [other, null]) {
      expect((await getEventPage(viewer, event.slug)).onlineUrl).toBeNull();
      expect((await eventIcs(viewer, event.slug)).body).not.toContain('meet.example.test');
    }
  });

  it('is hidden from people on the waitlist', async () => {
    const event = await createEvent({ organizer, capacity: 1 });
    await rsvp(attendee, event.id);
    const waiting = await createMember();
    expect((await rsvp(waiting, event.id)).status).toBe('waitlisted');
    expect((await getEventPage(waiting, event.slug)).onlineUrl).toBeNull();
  });
});

describe('organiser tools', () => {
  it('editing: organiser allowed; attendee and other member get NOT_FOUND and nothing changes', async () => {
    const event = await publishedWithAttendee();
    await expect(updateEvent(attendee, event.id, form('Hijacked'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(updateEvent(other, event.id, form('Hijacked'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getEventForEditing(attendee, event.slug)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getDb().select().from(events).where(eq(events.id, event.id)).get())!.title).toBe(event.title);

    const before = (await getDb().select().from(events).where(eq(events.id, event.id)).get())!.sequence;
    await updateEvent(organizer, event.id, form('A better title'));
    const after = (await getDb().select().from(events).where(eq(events.id, event.id)).get())!;
    expect(after.title).toBe('A better title');
    expect(after.sequence).toBe(before + 1);
    // The time changed, so the attendee was told.
    const notes = await getDb().select().from(notifications).where(eq(notifications.userId, attendee.id));
    expect(notes.some((n) => n.kind === 'event.updated' && n.body.includes('New time'))).toBe(true);
  });

  it('attendee list and CSV: organiser allowed; everyone else NOT_FOUND', async () => {
    const event = await publishedWithAttendee();
    const list = await getAttendees(organizer, event.slug);
    expect(list.going.map((a) => a.userId)).toEqual([attendee.id]);
    expect((await attendeesCsv(organizer, event.slug)).body).toContain(attendee.handle);
    for (const viewer of [attendee, other, speaker]) {
      await expect(getAttendees(viewer, event.slug)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(attendeesCsv(viewer, event.slug)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('announcements: organiser reaches everyone going; attendee and other are refused', async () => {
    const event = await publishedWithAttendee();
    const message = { eventId: event.id, subject: 'Room change', message: 'We moved to room 5.' };
    await expect(announce(attendee, message)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(announce(other, message)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await announce(organizer, message)).toEqual({ sent: 1 });
    const notes = await getDb().select().from(notifications).where(eq(notifications.userId, attendee.id));
    expect(notes.find((n) => n.kind === 'event.announcement')).toMatchObject({
      title: `${event.title}: Room change`,
      body: 'We moved to room 5.',
    });
    expect((await getDb().select().from(notifications).where(eq(notifications.userId, other.id))).length).toBe(0);
  });

  it('cancelling: organiser allowed (everyone concerned is notified); others refused', async () => {
    const event = await publishedWithAttendee();
    await expect(cancelEvent(attendee, event.id, undefined)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cancelEvent(other, event.id, undefined)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const result = await cancelEvent(organizer, event.id, 'Venue flooded.');
    expect(result.notified).toBe(2); // the attendee and the speaker
    const row = (await getDb().select().from(events).where(eq(events.id, event.id)).get())!;
    expect(row.status).toBe('cancelled');
    const ics = await eventIcs(other, event.slug);
    expect(ics.body).toContain('STATUS:CANCELLED');
    await expect(updateEvent(organizer, event.id, form())).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('materials: organiser and speaker allowed; attendee and other refused', async () => {
    const event = await publishedWithAttendee();
    const list = await createList({ owner: other });
    const input = {
      eventId: event.id,
      slidesUrl: 'https://slides.example.test/deck',
      recordingUrl: undefined,
      readingList: list.slug,
    };
    await expect(updateMaterials(attendee, input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(updateMaterials(other, input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(attachReadingList(other, event.id, list.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await updateMaterials(speaker, input);
    const page = await getEventPage(null, event.slug);
    expect(page.event.slidesUrl).toBe('https://slides.example.test/deck');
    expect(page.readingList?.slug).toBe(list.slug);
    await updateMaterials(organizer, {
      ...input,
      readingList: `https://whoknows.example/lists/${list.slug}`,
      slidesUrl: undefined,
    });
    expect((await getEventPage(null, event.slug)).event.slidesUrl).toBeNull();
  });

  it('RSVP: members allowed; the people running the event are told they already have a place', async () => {
    const event = await createEvent({ organizer, people: [{ user: speaker, role: 'speaker' }] });
    expect((await rsvp(other, event.id)).status).toBe('going');
    await expect(rsvp(organizer, event.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(rsvp(speaker, event.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
