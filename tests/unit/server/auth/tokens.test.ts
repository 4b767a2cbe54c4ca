import { describe, expect, it } from 'vitest';
import { generateSecureRandomString, hashSecret, issueToken, secretMatches, splitToken } from '#server/auth/tokens.ts';

describe('tokens', () => {
  it('generates 24-character strings from the unambiguous alphabet (120 bits)', () => {
    const values = new Set(Array.from({ length: 200 }, () => generateSecureRandomString()));
    expect(values.size).toBe(200);
    for (const v of values) expect(v).toMatch(/^[a-km-np-z2-9]{24}$/);
  });

  it('issues id.secret tokens and stores only a 32-byte SHA-256 of the secret', () => {
    const t = issueToken();
    expect(t.token).toBe(`${t.id}.${t.secret}`);
    expect(t.secretHash).toHaveLength(32);
    expect(Buffer.from(t.secretHash).toString('hex')).not.toContain(t.secret);
    expect(secretMatches(t.secret, t.secretHash)).toBe(true);
  });

  it('rejects a secret that differs in one character', () => {
    const t = issueToken();
    const tampered = `${t.secret.slice(0, -1)}${t.secret.endsWith('a') ? 'b' : 'a'}`;
    expect(secretMatches(tampered, hashSecret(t.secret))).toBe(false);
  });

  it.each([
    undefined,
    '',
    'no-dot',
    'a.b.c',
    'short.short',
    `${'a'.repeat(24)}.${'A'.repeat(24)}`,
    `${'a'.repeat(24)}.${'a'.repeat(300)}`,
  ])('treats malformed token %s as absent', (value) => {
    expect(splitToken(value)).toBeNull();
  });
});
