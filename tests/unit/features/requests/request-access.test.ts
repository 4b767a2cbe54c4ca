import { describe, expect, it } from 'vitest';
import { canReadThread, isParticipant, viewerRole } from '#features/requests/request-access.ts';

const direct = { requesterId: 'amara', recipientId: 'tunde', openCall: false, state: 'open' as const, hiddenAt: null };
const openCall = { requesterId: 'amara', recipientId: null, openCall: true, state: 'open' as const, hiddenAt: null };
const none = { hasOpenReport: false, blockedWithRequester: false };
const member = (id: string) => ({ id, role: 'member' as const });
const moderator = { id: 'mo', role: 'moderator' as const };

describe('who sees a request', () => {
  it('shows a direct request to its two participants only', () => {
    expect(viewerRole(direct, member('amara'), none)).toBe('requester');
    expect(viewerRole(direct, member('tunde'), none)).toBe('recipient');
    expect(viewerRole(direct, member('someone'), none)).toBeNull();
    expect(viewerRole(direct, null, none)).toBeNull();
  });

  it('shows an unclaimed open call to members who are not blocked either way', () => {
    expect(viewerRole(openCall, member('someone'), none)).toBe('candidate');
    expect(viewerRole(openCall, member('someone'), { ...none, blockedWithRequester: true })).toBeNull();
    expect(viewerRole(openCall, null, none)).toBeNull();
  });

  it('makes a picked-up or closed open call private again', () => {
    expect(viewerRole({ ...openCall, recipientId: 'tunde', state: 'accepted' }, member('someone'), none)).toBeNull();
    expect(viewerRole({ ...openCall, state: 'expired' }, member('someone'), none)).toBeNull();
  });

  it('lets moderators in only while a report is open', () => {
    expect(viewerRole(direct, moderator, { ...none, hasOpenReport: true })).toBe('moderator');
    expect(viewerRole(direct, { id: 'ad', role: 'admin' }, { ...none, hasOpenReport: true })).toBe('moderator');
    expect(viewerRole(direct, moderator, none)).toBeNull();
    expect(viewerRole(direct, member('someone'), { ...none, hasOpenReport: true })).toBeNull();
  });

  it('keeps a hidden request with its requester, and moderators acting on a report', () => {
    const hidden = { ...direct, hiddenAt: new Date() };
    expect(viewerRole(hidden, member('amara'), none)).toBe('requester');
    expect(viewerRole(hidden, member('tunde'), none)).toBeNull();
    expect(viewerRole(hidden, moderator, { ...none, hasOpenReport: true })).toBe('moderator');
    expect(viewerRole(hidden, moderator, none)).toBeNull();
    expect(viewerRole({ ...openCall, hiddenAt: new Date() }, member('someone'), none)).toBeNull();
  });

  it('gives nobody the requester role once the requester has left', () => {
    expect(viewerRole({ ...direct, requesterId: null, state: 'cancelled' }, member('tunde'), none)).toBe('recipient');
    expect(viewerRole({ ...direct, requesterId: null, state: 'cancelled' }, member('someone'), none)).toBeNull();
  });

  it('gives the thread to participants and reporting moderators, the calendar to participants', () => {
    expect(['requester', 'recipient', 'candidate', 'moderator', null].map((r) => canReadThread(r as never))).toEqual([
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(['requester', 'recipient', 'candidate', 'moderator', null].map((r) => isParticipant(r as never))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
