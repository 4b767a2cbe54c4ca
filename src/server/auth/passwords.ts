import { hash, verify } from '@node-rs/argon2';
import { isCommonPassword } from './common-passwords.ts';

// OWASP's argon2id baseline: 19 MiB memory, 2 passes, 1 lane.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Hashes a password with argon2id; the result embeds its own salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** Checks a password against a stored argon2 hash; false (never throws) on a malformed hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** Words about the account itself that make a password guessable. */
export interface PasswordContext {
  email?: string;
  handle?: string;
  displayName?: string;
}

/**
 * Length limits and a refusal of common or guessable passwords, with no composition
 * rules (NIST SP 800-63B). Returns a message for the person, or null when acceptable.
 */
export function checkPasswordPolicy(password: string, context: PasswordContext = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (isCommonPassword(password)) {
    return 'This password is one of the most commonly used, so it is easy to guess. Try a longer phrase of your own.';
  }
  const lowered = password.toLowerCase();
  const compact = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const personal = [context.email?.split('@')[0], context.handle, context.displayName, 'whoknows']
    .map((w) => compact(w ?? ''))
    .filter((w) => w.length >= 4);
  if (personal.some((word) => compact(lowered).includes(word))) {
    return 'Leave your name, handle, email or the site name out of your password.';
  }
  return null;
}
