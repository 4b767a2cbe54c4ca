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

/** A function of the dependency answered through one of ours (see `routeThrough`). */
export interface RouteThrough {
  /** The function's name and its parameter list, as declared (`props, metadata`). */
  name: string;
  params: string;
  async?: boolean;
  /** What the original is renamed to; `wrapper` calls it. */
  renamedTo: string;
  /** Our function, exported by `runtime`, called as `wrapper(...params, renamedTo)`. */
  wrapper: string;
  runtime: string;
  /** Names the target in the build error when the declaration is not found once. */
  what: string;
}

/**
 * Renames a function declaration of the dependency and declares the name again, answering
 * through `wrapper` (a cache or memo of ours) with the original passed in.
 */
export function routeThrough(code: string, target: RouteThrough): string {
  const keyword = target.async ? 'async function' : 'function';
  const renamed = replaceOnce(
    code,
    `${keyword} ${target.name}(${target.params}) {`,
    `${keyword} ${target.renamedTo}(${target.params}) {`,
    target.what,
  );
  return [
    `import { ${target.wrapper} as __${target.wrapper} } from ${JSON.stringify(target.runtime)};`,
    renamed,
    `function ${target.name}(${target.params}) {`,
    `  return __${target.wrapper}(${target.params}, ${target.renamedTo});`,
    '}',
  ].join('\n');
}

/** A Vite plugin (`enforce: 'pre'`) rewriting the modules whose path matches a rule, with that rule's rewrite. */
export function rewritingPlugin(name: string, rules: ReadonlyArray<readonly [RegExp, (code: string) => string]>) {
  return {
    name,
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      const file = id.split('?')[0]!;
      for (const [target, rewrite] of rules) if (target.test(file)) return { code: rewrite(code), map: null };
      return null;
    },
  };
}
