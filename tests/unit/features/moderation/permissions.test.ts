import { describe, expect, it } from 'vitest';
import type { Viewer } from '#features/members/viewer.ts';
import { canActOnMember, canAdminister, canChangeRole, canModerate } from '#features/moderation/permissions.ts';

const member: Viewer = { id: 'me', handle: 'me', role: 'member' };
const moderator: Viewer = { id: 'mo', handle: 'mo', role: 'moderator' };
const admin: Viewer = { id: 'ad', handle: 'ad', role: 'admin' };
const target = (role: 'member' | 'moderator' | 'admin', id = `t-${role}`) => ({ id, role });

describe('moderation permissions', () => {
  it('lets moderators and admins moderate, nobody else', () => {
    expect([null, member, moderator, admin].map(canModerate)).toEqual([false, false, true, true]);
  });

  it('lets only admins administer (roles, the audit log)', () => {
    expect([null, member, moderator, admin].map(canAdminister)).toEqual([false, false, false, true]);
  });

  it('lets moderators act on members, admins also on moderators, nobody on an admin or themselves', () => {
    expect(canActOnMember(moderator, target('member'))).toBe(true);
    expect(canActOnMember(moderator, target('moderator'))).toBe(false);
    expect(canActOnMember(admin, target('moderator'))).toBe(true);
    expect(canActOnMember(admin, target('admin'))).toBe(false);
    expect(canActOnMember(moderator, { id: 'mo', role: 'member' })).toBe(false);
    expect(canActOnMember(member, target('member'))).toBe(false);
    expect(canActOnMember(null, target('member'))).toBe(false);
  });

  it('lets admins move others between member and moderator, never an admin or themselves', () => {
    expect(canChangeRole(admin, target('member'))).toBe(true);
    expect(canChangeRole(admin, target('moderator'))).toBe(true);
    expect(canChangeRole(admin, target('admin'))).toBe(false);
    expect(canChangeRole(admin, { id: 'ad', role: 'moderator' })).toBe(false);
    expect(canChangeRole(moderator, target('member'))).toBe(false);
    expect(canChangeRole(null, target('member'))).toBe(false);
  });
});
