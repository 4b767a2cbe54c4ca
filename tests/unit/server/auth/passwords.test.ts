import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS, isCommonPassword } from '#server/auth/common-passwords.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '#server/auth/passwords.ts';

describe('password policy', () => {
  it('accepts a long passphrase with no composition rules', () => {
    expect(checkPasswordPolicy('correct horse battery staple')).toBeNull();
    expect(checkPasswordPolicy('lowercaseonlyisfine')).toBeNull();
  });

  it('refuses passwords shorter than 8 characters, counting characters not bytes', () => {
    expect(checkPasswordPolicy('short1!')).toMatch(/at least 8/);
    expect(checkPasswordPolicy('ñandú☃️xy')).toBeNull();
  });

  it('allows at least 64 characters and refuses more than 128', () => {
    expect(checkPasswordPolicy('a sentence that goes on '.repeat(3).slice(0, 64))).toBeNull();
    expect(checkPasswordPolicy('x'.repeat(129))).toMatch(/at most 128/);
  });

  it.each([
    'password',
    'Password1',
    '12345678',
    'qwertyuiop',
    'iloveyou',
    'password123!',
    'aaaaaaaaaa',
    'abcdefgh',
    '87654321',
  ])('refuses the common password %s with a clear message', (pw) => {
    expect(isCommonPassword(pw)).toBe(true);
    expect(checkPasswordPolicy(pw)).toMatch(/most commonly used/);
  });

  it('refuses the well-known common passwords: at least 10,000 of them, deep into the list (issue 8 item 10)', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(10_000);
    // From zxcvbn's frequency list, ranked about 3,000th to 48,000th; none was on the old 288-entry list.
    for (const common of ['bigmoney', 'papamama', 'novifarm', 'sanandreas', 'kamakazi', 'earnhart', 'SanAndreas']) {
      expect(isCommonPassword(common), common).toBe(true);
      expect(checkPasswordPolicy(common), common).toMatch(/most commonly used/);
    }
    expect(isCommonPassword('violet lantern drift')).toBe(false);
  });

  it('refuses passwords built from the account’s own name, handle or email', () => {
    const ctx = { email: 'amara.okafor@example.org', handle: 'amara-okafor', displayName: 'Amara Okafor' };
    expect(checkPasswordPolicy('amaraokafor2026', ctx)).toMatch(/name, handle, email/);
    expect(checkPasswordPolicy('my whoknows login', ctx)).toMatch(/name, handle, email/);
    expect(checkPasswordPolicy('tangerine orbit pebble', ctx)).toBeNull();
  });
});

describe('argon2id hashing', () => {
  it('uses argon2id with m=19456 KiB, t=2, p=1 and verifies only the right password', async () => {
    const hash = await hashPassword('tangerine orbit pebble');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'tangerine orbit pebble')).toBe(true);
    expect(await verifyPassword(hash, 'tangerine orbit pebbles')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same input')).not.toBe(await hashPassword('same input'));
  });

  it('treats a malformed stored hash as a mismatch, not a crash', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });
});
