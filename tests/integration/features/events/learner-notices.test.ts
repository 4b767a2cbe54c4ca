import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client.ts';
import { memberBlocks, notifications, users } from '#db/schema/index.ts';
import { eventsToAnnounce, LEARNER_NOTICE_KIND, tellLearners } from '#features/events/learner-notices.service.ts';
import { setNoticePreference, wantsNotice } from '#features/notifications/notice-preferences.service.ts';
import { isAppError } from '#server/errors.ts';
import { addRsvps } from '#tests/helpers/event-outcomes.ts';
import { createEvent, createMember, type Member, skillIdByName } from '#tests/helpers/factories.ts';

const learner = (name: string, skill = 'Zig') =>
  createMember({ displayName: name, skills: [{ skill, level: 1, wantsToLearn: true }] });

const told = async (eventSlug: string) =>
  (
    await getDb()
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(and(eq(notifications.kind, LEARNER_NOTICE_KIND), eq(notifications.url, `/events/${eventSlug}`)))
  ).map((r) => r.userId);

const errorCode = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => (isAppError(e) ? e.code : e),
  );

describe('telling the learners', () => {
  it('notifies members who want to learn the topic and allow it, once, and nobody else', async () => {
    const organizer = await createMember();
    const event = await createEvent({ organizer, title: 'Zig for systems people', topics: ['Zig'] });
    const zig = await skillIdByName('Zig');
    const [keen, optedOut, blocker, suspended, going] = [
      await learner('Keen'),
      await learner('Opted out'),
      await learner('Blocker'),
      await learner('Suspended'),
      await learner('Already going'),
    ];
    const unrelated = await createMember({ skills: [{ skill: 'Rust', wantsToLearn: true }] });
    await setNoticePreference(optedOut.id, { kind: LEARNER_NOTICE_KIND, state: 'off' });
    expect(await wantsNotice(optedOut.id, LEARNER_NOTICE_KIND)).toBe(false);
    await getDb().insert(memberBlocks).values({ blockerId: blocker.id, blockedId: organizer.id });
    await getDb().update(users).set({ suspendedAt: new Date() }).where(eq(users.id, suspended.id));
    await addRsvps(event, [going]);

    expect((await eventsToAnnounce(organizer, [zig])).get(zig)).toEqual([
      { eventId: event.id, slug: event.slug, title: event.title, told: false },
    ]);
    const result = await tellLearners(organizer, { eventId: event.id, skillId: zig });
    expect(result.sent).toBe(1);
    expect(await told(event.slug)).toEqual([keen.id]);
    expect(await told(event.slug)).not.toContain(unrelated.id);
    expect((await eventsToAnnounce(organizer, [zig])).get(zig)?.[0]?.told).toBe(true);

    expect(await errorCode(tellLearners(organizer, { eventId: event.id, skillId: zig }))).toBe('CONFLICT');
    expect(await told(event.slug)).toHaveLength(1);
  });

  it('sends once when the organiser clicks twice at the same moment', async () => {
    const organizer = await createMember();
    // Its own topic, so the learners of the other tests are not in it.
    const event = await createEvent({ organizer, topics: ['Gleam'] });
    const people: Member[] = [];
    for (let i = 0; i < 3; i++) people.push(await learner(`Learner ${i}`, 'Gleam'));
    const gleam = await skillIdByName('Gleam');
    const outcomes = await Promise.allSettled([
      tellLearners(organizer, { eventId: event.id, skillId: gleam }),
      tellLearners(organizer, { eventId: event.id, skillId: gleam }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((await told(event.slug)).sort()).toEqual(people.map((p) => p.id).sort());
  });

  it('is for the organiser of a published, upcoming event on that topic', async () => {
    const organizer = await createMember();
    const zig = await skillIdByName('Zig');
    const rust = await skillIdByName('Rust');
    const host = await createMember();
    const event = await createEvent({ organizer, topics: ['Zig'], people: [{ user: host, role: 'host' }] });
    expect(await errorCode(tellLearners(host, { eventId: event.id, skillId: zig }))).toBe('NOT_FOUND');
    expect(await errorCode(tellLearners(await createMember(), { eventId: event.id, skillId: zig }))).toBe('NOT_FOUND');
    expect(await errorCode(tellLearners(organizer, { eventId: event.id, skillId: rust }))).toBe('CONFLICT');
    const draft = await createEvent({ organizer, topics: ['Zig'], status: 'draft' });
    expect(await errorCode(tellLearners(organizer, { eventId: draft.id, skillId: zig }))).toBe('CONFLICT');
    const past = await createEvent({ organizer, topics: ['Zig'], startsAt: new Date(Date.now() - 86_400_000) });
    expect(await errorCode(tellLearners(organizer, { eventId: past.id, skillId: zig }))).toBe('CONFLICT');
    expect(await eventsToAnnounce(host, [zig])).toEqual(new Map());
  });

  it('is rate-limited per organiser', async () => {
    const organizer = await createMember();
    const zig = await skillIdByName('Zig');
    for (let i = 0; i < 5; i++) {
      const event = await createEvent({ organizer, topics: ['Zig'] });
      await tellLearners(organizer, { eventId: event.id, skillId: zig });
    }
    const sixth = await createEvent({ organizer, topics: ['Zig'] });
    expect(await errorCode(tellLearners(organizer, { eventId: sixth.id, skillId: zig }))).toBe('TOO_MANY_REQUESTS');
  });

  it('lets a member turn the notices back on', async () => {
    const member = await learner('Changes mind');
    await setNoticePreference(member.id, { kind: LEARNER_NOTICE_KIND, state: 'off' });
    await setNoticePreference(member.id, { kind: LEARNER_NOTICE_KIND, state: 'off' });
    await setNoticePreference(member.id, { kind: LEARNER_NOTICE_KIND, state: 'on' });
    expect(await wantsNotice(member.id, LEARNER_NOTICE_KIND)).toBe(true);
  });
});
