import { dictionary } from '@zxcvbn-ts/language-common';
import list from './common-passwords.json' with { type: 'json' };

/**
 * The ~49,000 most common passwords of zxcvbn's frequency list (MIT; drawn from public
 * password leaks, most frequent first), as shipped by `@zxcvbn-ts/language-common`,
 * plus our own short list of site- and keyboard-specific ones. A Set: one lookup per check.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set<string>([
  ...dictionary['passwords-common'].map((p) => p.toLowerCase()),
  ...list,
]);
const COMMON = COMMON_PASSWORDS;

// Keyboard rows and the alphabet/digits in order: walks along them are guessed early.
const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function isRunOfOneCharacter(s: string): boolean {
  return /^(.)\1+$/u.test(s);
}

function isSequence(s: string): boolean {
  return SEQUENCES.some((seq) => {
    const both = seq + [...seq].reverse().join('');
    return both.includes(s);
  });
}

/**
 * True for passwords on the common-password list, and for the shapes guessers try
 * first: one repeated character, a straight run along the keyboard or alphabet, or a
 * listed password with digits or symbols tacked on ("password123!").
 */
export function isCommonPassword(password: string): boolean {
  const lowered = password.toLowerCase();
  if (COMMON.has(lowered) || isRunOfOneCharacter(lowered) || isSequence(lowered)) return true;
  const stem = lowered.replace(/[\d\W_]+$/u, '');
  return (
    stem.length >= 4 &&
    stem !== lowered &&
    (COMMON.has(stem) || ['password', 'passw0rd', 'qwerty', 'letmein', 'welcome', 'iloveyou', 'admin'].includes(stem))
  );
}
