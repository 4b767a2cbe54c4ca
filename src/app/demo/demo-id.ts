import { sha256 } from '@oslojs/crypto/sha2';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A stable id for a demo row, so demo URLs survive a re-seed. */
export function demoId(kind: string, key: string): string {
  const digest = sha256(new TextEncoder().encode(`whoknows-demo:${kind}:${key}`));
  return Array.from(digest.slice(0, 16), (b) => ALPHABET[b >> 3]).join('');
}
