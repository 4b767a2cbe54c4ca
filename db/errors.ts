/**
 * If `error` (or its cause chain) is a UNIQUE constraint failure, returns the failed
 * column list as SQLite reports it ("users.email"); otherwise null. Lets a service turn
 * a race lost to a unique index into a friendly message instead of a 500.
 */
export function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string') {
      const match = /UNIQUE constraint failed: ([\w., ]+)/.exec(message);
      if (match?.[1]) return match[1];
    }
  }
  return null;
}
