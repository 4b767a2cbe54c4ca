import { describe, expect, it } from 'vitest';
import { canReadThread, closedOpenCallReason, isParticipant, viewerRole } from '#features/requests/request-access.ts';

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

describe('an open call that closed, for someone who could have picked it up', () => {
  const taken = { ...openCall, recipientId: 'tunde', state: 'accepted' as const };

  it('says it was taken, withdrawn or expired', () => {
    expect(closedOpenCallReason(taken, member('someone'), none)).toBe('taken');
    expect(closedOpenCallReason({ ...taken, state: 'completed' }, member('someone'), none)).toBe('taken');
    expect(closedOpenCallReason({ ...openCall, state: 'withdrawn' }, member('someone'), none)).toBe('withdrawn');
    expect(closedOpenCallReason({ ...openCall, state: 'expired' }, member('someone'), none)).toBe('expired');
  });

  it('says nothing about a call still open, a direct request, or to anyone who could never have taken it', () => {
    expect(closedOpenCallReason(openCall, member('someone'), none)).toBeNull();
    expect(closedOpenCallReason({ ...direct, state: 'accepted' }, member('someone'), none)).toBeNull();
    expect(closedOpenCallReason(taken, null, none)).toBeNull();
    expect(closedOpenCallReason(taken, member('someone'), { blockedWithRequester: true })).toBeNull();
    // Its two people see the request itself.
    expect(closedOpenCallReason(taken, member('amara'), none)).toBeNull();
    expect(closedOpenCallReason(taken, member('tunde'), none)).toBeNull();
  });
});
