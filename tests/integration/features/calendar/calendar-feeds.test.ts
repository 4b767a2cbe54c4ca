import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { CALENDAR_FEED_SOURCES } from '#app/calendar-sources.ts';
import { getDb } from '#db/client.ts';
import { calendarFeeds } from '#db/schema/index.ts';
import {
  buildFeed,
  feedOwner,
  feedStatus,
  issueFeedToken,
  revokeFeed,
} from '#features/calendar/calendar-feeds.service.ts';
import { cancelEvent } from '#features/events/events.service.ts';
import { cancelRsvp, rsvp } from '#features/events/rsvp.service.ts';
import { hashSecret, splitToken } from '#server/auth/tokens.ts';
import { createEvent, createMember, createRequest } from '#tests/helpers/factories.ts';
import { parseIcal, prop } from '#tests/helpers/ical.ts';

const uids = (ics: string) => parseIcal(ics).events.map((e) => prop(e, 'UID'));

describe('the private calendar feed token', () => {
  it('stores only the SHA-256 of the secret, and a new token revokes the old one', async () => {
    const member = await createMember();
    expect(await feedStatus(member)).toBeNull();
    const first = await issueFeedToken(member);
    const row = await getDb().select().from(calendarFeeds).where(eq(calendarFeeds.userId, member.id)).get();
    const parts = splitToken(first)!;
    expect(row?.tokenId).toBe(parts.id);
    expect(Buffer.from(row!.secretHash).equals(Buffer.from(hashSecret(parts.secret)))).toBe(true);
    expect(JSON.stringify(row)).not.toContain(parts.secret);
    expect((await feedOwner(first))?.userId).toBe(member.id);

    const second = await issueFeedToken(member);
    expect(await feedOwner(first)).toBeNull();
    expect((await feedOwner(second))?.userId).toBe(member.id);

    expect(await revokeFeed(member)).toBe(true);
    expect(await feedOwner(second)).toBeNull();
    expect(await feedStatus(member)).toBeNull();
  });

  it('refuses malformed tokens and a right id with a wrong secret', async () => {
    const member = await createMember();
    const token = await issueFeedToken(member);
    const { id } = splitToken(token)!;
    expect(await feedOwner(`${id}.${'a'.repeat(24)}`)).toBeNull();
    expect(await feedOwner('nonsense')).toBeNull();
    expect(await feedOwner('')).toBeNull();
  });
});

describe('what the feed contains', () => {
  it('lists events the member is going to or runs, marks cancellations, and leaves out the rest', async () => {
    const organizer = await createMember();
    const member = await createMember();
    const going = await createEvent({ organizer, title: 'Going to this' });
    const waitlisted = await createEvent({ organizer, capacity: 1, title: 'Full one' });
    const cancelledLater = await createEvent({ organizer, title: 'Will be cancelled' });
    const leftAgain = await createEvent({ organizer, title: 'Changed my mind' });
    const mine = await createEvent({ organizer: member, title: 'I organise this' });
    const draft = await createEvent({ organizer: member, status: 'draft', title: 'My draft' });
    const unrelated = await createEvent({ organizer, title: 'Not for me' });

    await rsvp(member, going.id);
    await rsvp(await createMember(), waitlisted.id);
    expect((await rsvp(member, waitlisted.id)).status).toBe('waitlisted');
    await rsvp(member, cancelledLater.id);
    await rsvp(member, leftAgain.id);
    await cancelRsvp(member, leftAgain.id);
    await cancelEvent(organizer, cancelledLater.id, 'Sorry.');

    const ics = await buildFeed(member.id, 'Test Member', CALENDAR_FEED_SOURCES);
    const calendar = parseIcal(ics);
    const found = uids(ics);
    expect(found).toContain(`event-${going.id}@whoknows`);
    expect(found).toContain(`event-${mine.id}@whoknows`);
    expect(found).toContain(`event-${cancelledLater.id}@whoknows`);
    for (const absent of [waitlisted, leftAgain, draft, unrelated])
      expect(found).not.toContain(`event-${absent.id}@whoknows`);
    const cancelled = calendar.events.find((e) => prop(e, 'UID') === `event-${cancelledLater.id}@whoknows`)!;
    expect(prop(cancelled, 'STATUS')).toBe('CANCELLED');
    // People going get the online link in their own feed.
    const goingEntry = calendar.events.find((e) => prop(e, 'UID') === `event-${going.id}@whoknows`)!;
    expect(prop(goingEntry, 'DESCRIPTION')).toContain('Join online: https://meet.example.test/');
    expect(prop(calendar.props, 'X-WR-CALNAME')).toBe('whoknows · Test Member');
  });

  it('merges entries from every registered source (how another feature adds its own)', async () => {
    const member = await createMember();
    const extra = {
      name: 'test-sessions',
      entries: async (userId: string) => [
        {
          uid: `session-${userId}@whoknows`,
          start: new Date('2030-01-01T10:00:00Z'),
          end: new Date('2030-01-01T10:30:00Z'),
          summary: 'Mentoring session',
          sequence: 0,
          status: 'CONFIRMED' as const,
          updatedAt: new Date('2029-12-01T00:00:00Z'),
        },
      ],
    };
    const failing = { name: 'broken', entries: async () => Promise.reject(new Error('boom')) };
    const found = uids(await buildFeed(member.id, 'Member', [...CALENDAR_FEED_SOURCES, extra, failing]));
    expect(found).toEqual([`session-${member.id}@whoknows`]);
  });
});

describe('the feed across features', () => {
  it('carries both the events a member is going to and their accepted mentoring sessions', async () => {
    const organizer = await createMember();
    const mentor = await createMember({ displayName: 'Tunde Adeyemi' });
    const member = await createMember({ displayName: 'Amara Okafor' });
    const event = await createEvent({ organizer, title: 'Intro to Bun' });
    await rsvp(member, event.id);
    const session = await createRequest({
      requester: member,
      recipient: mentor,
      state: 'accepted',
      kind: 'reverse',
      skill: 'Bun',
      sessionStartsAt: new Date(Date.now() + 3 * 86_400_000),
    });
    const feed = uids(await buildFeed(member.id, member.displayName, CALENDAR_FEED_SOURCES));
    expect(feed).toContain(`request-${session}@whoknows`);
    expect(feed.some((uid) => uid?.includes(event.id))).toBe(true);
    // The mentor's feed has the session but not an event they are not going to.
    const mentorFeed = uids(await buildFeed(mentor.id, mentor.displayName, CALENDAR_FEED_SOURCES));
    expect(mentorFeed).toEqual([`request-${session}@whoknows`]);
  });
});
