import { describe, expect, it } from 'vitest';
import type { Viewer } from '#features/members/viewer.ts';
import { canSeeMember, isListedFor, isWithdrawn, personRef } from '#features/members/visibility.ts';

const member: Viewer = { id: 'ann', handle: 'ann', role: 'member' };
const moderator: Viewer = { id: 'mo', handle: 'mo', role: 'moderator' };
const admin: Viewer = { id: 'ad', handle: 'ad', role: 'admin' };
const ada = { id: 'ada', visibility: 'public' as const, suspendedAt: null, deletionDueAt: null, hiddenAt: null };
const self: Viewer = { id: 'ada', handle: 'ada', role: 'member' };
const now = new Date();

describe('who may open a member profile', () => {
  it('shows public profiles to everyone and members-only profiles to members', () => {
    expect([null, member, moderator].map((v) => canSeeMember(v, ada))).toEqual([true, true, true]);
    const membersOnly = { ...ada, visibility: 'members' as const };
    expect(canSeeMember(null, membersOnly)).toBe(false);
    expect(canSeeMember(member, membersOnly)).toBe(true);
  });

  it('shows a hidden profile to its owner and moderators only', () => {
    const hidden = { ...ada, hiddenAt: now };
    expect(canSeeMember(self, hidden)).toBe(true);
    expect(canSeeMember(moderator, hidden)).toBe(true);
    expect(canSeeMember(admin, hidden)).toBe(true);
    expect(canSeeMember(member, hidden)).toBe(false);
    expect(canSeeMember(null, hidden)).toBe(false);
  });

  it('shows a suspended member to moderators only, not even to themselves', () => {
    const suspended = { ...ada, suspendedAt: now };
    expect(canSeeMember(moderator, suspended)).toBe(true);
    expect(canSeeMember(self, suspended)).toBe(false);
    expect(canSeeMember(member, suspended)).toBe(false);
    expect(canSeeMember(null, suspended)).toBe(false);
  });

  it('shows a member who is leaving to nobody', () => {
    const leaving = { ...ada, deletionDueAt: now };
    expect([self, member, moderator, admin, null].map((v) => canSeeMember(v, leaving))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('who is listed (search, topic pages, suggestions, names on other pages)', () => {
  it('lists members in good standing with a visibility the viewer may see', () => {
    expect(isListedFor(null, ada)).toBe(true);
    expect(isListedFor(null, { ...ada, visibility: 'members' })).toBe(false);
    expect(isListedFor(true, { ...ada, visibility: 'members' })).toBe(true);
  });

  it('never lists withdrawn or hidden members, whoever looks', () => {
    for (const facts of [{ suspendedAt: now }, { deletionDueAt: now }, { hiddenAt: now }]) {
      expect(isListedFor(moderator, { ...ada, ...facts })).toBe(false);
      expect(isListedFor(member, { ...ada, ...facts })).toBe(false);
    }
    expect(isWithdrawn({ suspendedAt: now, deletionDueAt: null })).toBe(true);
    expect(isWithdrawn({ suspendedAt: null, deletionDueAt: null })).toBe(false);
  });

  it('names an unlisted member without a link', () => {
    const named = { handle: 'ada', displayName: 'Ada', visibility: 'public' as const, avatarKey: null };
    expect(personRef(named, null)).toEqual({ name: 'Ada', href: '/people/ada', face: named });
    const hidden = { name: 'A community member', href: null, face: null };
    expect(personRef({ ...named, suspendedAt: now }, member)).toEqual(hidden);
    expect(personRef({ ...named, hiddenAt: now }, moderator)).toEqual(hidden);
  });
});
