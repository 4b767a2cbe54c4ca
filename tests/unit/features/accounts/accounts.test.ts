import { describe, expect, it } from 'vitest';
import { handleField, signUpInput, suggestHandle } from '#features/accounts/accounts.ts';

describe('account input', () => {
  it.each(['amara', 'amara-okafor', 'dev42', 'a-b-c'])('accepts the handle %s', (h) => {
    expect(handleField.safeParse(h).success).toBe(true);
  });

  it.each([
    ['ab', /at least 3/],
    ['x'.repeat(31), /at most 30/],
    ['9lives', /starting with a letter/],
    ['double--dash', /single hyphens/],
    ['trailing-', /single hyphens/],
    ['has space', /lower-case letters/],
    ['settings', /reserved/],
  ])('refuses the handle %s', (h, message) => {
    const result = handleField.safeParse(h);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it('lower-cases handles and emails', () => {
    const parsed = signUpInput.parse({
      displayName: ' Zoë ',
      handle: 'Zoe-Dev',
      email: ' Zoe@Example.ORG ',
      password: 'x',
    });
    expect(parsed).toMatchObject({ displayName: 'Zoë', handle: 'zoe-dev', email: 'zoe@example.org' });
  });

  it('refuses a malformed email with a readable message', () => {
    const result = signUpInput.safeParse({ displayName: 'A', handle: 'abc', email: 'not-an-email', password: 'x' });
    expect(result.error?.issues.find((i) => i.path[0] === 'email')?.message).toMatch(/like name@example.com/);
  });

  it('suggests handles from names', () => {
    expect(suggestHandle("Zoë O'Neil")).toBe('zoe-oneil');
    expect(suggestHandle('  42 Ada Lovelace ')).toBe('ada-lovelace');
  });
});
