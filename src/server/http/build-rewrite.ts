/*
 * What every build step that rewrites a dependency's code (the Vite plugins next to this
 * file) shares: a rewrite applies only where the dependency reads exactly as expected,
 * and otherwise fails the build, so an upgrade cannot drop a step silently.
 */

/** Replaces `find` (a string occurring exactly once, or a pattern matching once) or fails, naming `what`. */
export function replaceOnce(code: string, find: string | RegExp, replacement: string, what: string): string {
  const count =
    typeof find === 'string' ? code.split(find).length - 1 : (code.match(new RegExp(find, 'g')) ?? []).length;
  if (count !== 1) throw new Error(`${what} was found ${count} times, expected once`);
  return code.replace(find, () => replacement);
}
