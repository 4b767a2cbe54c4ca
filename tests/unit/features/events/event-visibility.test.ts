import { describe, expect, it } from 'vitest';
import { canViewEvent } from '#features/events/event-visibility.ts';
import type { EventRelation } from '#features/events/events.ts';
import type { Viewer } from '#features/members/viewer.ts';
import type { MemberStanding } from '#features/members/visibility.ts';

const all: EventRelation[] = ['organizer', 'host', 'speaker', 'going', 'waitlisted', 'member', 'anonymous'];
const active: MemberStanding = { suspendedAt: null, deletionDueAt: null };
const member: Viewer = { id: 'm', handle: 'm', role: 'member' };
const moderator: Viewer = { id: 'mo', handle: 'mo', role: 'moderator' };
const allowed = (facts: Parameters<typeof canViewEvent>[0], viewer: Viewer, organizer: MemberStanding = active) =>
  all.filter((r) => canViewEvent(facts, r, viewer, organizer));

describe('who may see an event', () => {
  it('shows drafts to the people preparing them, and published or cancelled events to everyone', () => {
    expect(allowed({ status: 'draft', hiddenAt: null }, member)).toEqual(['organizer', 'host', 'speaker']);
    expect(allowed({ status: 'draft', hiddenAt: null }, moderator)).toEqual(['organizer', 'host', 'speaker']);
    // A pending invitation lets its holder see what they are asked to join, nothing more.
    const invited = all.filter((r) => canViewEvent({ status: 'draft', hiddenAt: null }, r, member, active, true));
    expect(invited).toEqual(all);
    expect(allowed({ status: 'published', hiddenAt: null }, member)).toEqual(all);
    expect(allowed({ status: 'cancelled', hiddenAt: null }, null)).toEqual(all);
  });

  it('shows a hidden event to its organiser and moderators only', () => {
    const hidden = { status: 'published' as const, hiddenAt: new Date() };
    expect(allowed(hidden, member)).toEqual(['organizer']);
    expect(allowed(hidden, null)).toEqual(['organizer']);
    expect(allowed(hidden, moderator)).toEqual(all);
  });

  it('shows an event whose organiser is withdrawn to moderators only', () => {
    const published = { status: 'published' as const, hiddenAt: null };
    expect(allowed(published, member, { suspendedAt: new Date(), deletionDueAt: null })).toEqual([]);
    expect(allowed(published, member, { suspendedAt: null, deletionDueAt: new Date() })).toEqual([]);
    expect(allowed(published, moderator, { suspendedAt: new Date(), deletionDueAt: null })).toEqual(all);
  });
});
