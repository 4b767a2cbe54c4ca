import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';

// Lower-case letters and digits without look-alikes (l, o, 0, 1): safe to read aloud
// and to put in a URL. 32 symbols, so each character carries 5 bits.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A cryptographically random string; 24 characters carry 120 bits. */
export function generateSecureRandomString(length = 24): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  // 256 is a multiple of 32, so `byte >> 3` is uniform over the alphabet.
  for (const byte of bytes) out += ALPHABET[byte >> 3];
  return out;
}

/** SHA-256 of a token secret: what the database stores instead of the secret. */
export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  return constantTimeEqual(hashSecret(secret), new Uint8Array(storedHash));
}

export interface SplitToken {
  id: string;
  secret: string;
}

const PART = /^[a-z2-9]{16,64}$/;

/** Splits `<id>.<secret>`; anything malformed is null (never an exception). */
export function splitToken(token: string | undefined | null): SplitToken | null {
  if (!token || token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  return PART.test(id) && PART.test(secret) ? { id, secret } : null;
}

/** Characters in a token's secret: 32 × 5 bits = 160 bits, above the 128 that OWASP asks of session secrets. */
export const SECRET_LENGTH = 32;

/**
 * A fresh `<id>.<secret>` pair with the secret's hash, for sessions, known devices,
 * calendar feeds and mailed tokens. Only the secret must be unguessable; the id
 * (120 bits) is a lookup key.
 */
export function issueToken(): { id: string; secret: string; token: string; secretHash: Uint8Array } {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString(SECRET_LENGTH);
  return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

/** A short random id for rows that are not secrets (users, events…): 80 bits. */
export function generateId(): string {
  return generateSecureRandomString(16);
}
