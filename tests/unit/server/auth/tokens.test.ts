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

  it('gives every token secret at least 128 bits (session hygiene, issue 8 item 19)', () => {
    const t = issueToken();
    expect(t.secret).toMatch(/^[a-km-np-z2-9]{32}$/); // 32 symbols of 5 bits: 160 bits
    expect(t.secret.length * Math.log2(32)).toBeGreaterThanOrEqual(128);
    expect(splitToken(t.token)).toEqual({ id: t.id, secret: t.secret });
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
