import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '#tests/helpers/import-graph.ts';

/**
 * Shared utility classes (`.small`, `.muted`, …) live once in the global stylesheet.
 * A component may add to one (a margin for its own layout) but must not restate what
 * the global rule already says: that is how fourteen copies of `.small` came about.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));
const globalCss = readFileSync(`${root}src/styles/global.css`, 'utf8');

/** Declarations of each single-class rule (`.name { … }`) in a stylesheet. */
function classRules(css: string): Map<string, Set<string>> {
  const rules = new Map<string, Set<string>>();
  for (const [, name, body] of css.matchAll(/(?:^|[\s}])\.([\w-]+)\s*\{([^}]*)\}/g)) {
    const declarations = rules.get(name!) ?? new Set<string>();
    for (const d of body!.split(';')) {
      const clean = d
        .replace(/\/\*.*?\*\//gs, '')
        .replace(/\s+/g, ' ')
        .trim();
      if (clean) declarations.add(clean);
    }
    rules.set(name!, declarations);
  }
  return rules;
}

/** Declarations a component's own styles repeat from the global rule of the same class. */
function restated(global: Map<string, Set<string>>, componentCss: string): string[] {
  const found: string[] = [];
  for (const [name, declarations] of classRules(componentCss)) {
    const shared = global.get(name);
    if (!shared) continue;
    for (const d of declarations) if (shared.has(d)) found.push(`.${name} { ${d} }`);
  }
  return found;
}

const styleBlocks = (text: string) => [...text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);

describe('global utility classes', () => {
  const global = classRules(globalCss);

  it('are restated by no component or page', () => {
    const offenders = sourceFiles(root, ['src'])
      .filter((file) => file.endsWith('.astro') || file.endsWith('.svelte'))
      .flatMap((file) =>
        styleBlocks(readFileSync(`${root}${file}`, 'utf8')).flatMap((css) =>
          restated(global, css).map((d) => `${file}: ${d}`),
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('are found when restated, and additions are allowed', () => {
    expect(global.get('small')?.size).toBeGreaterThan(0);
    expect(restated(global, '.small { font-size: var(--step--1); margin: 0; }')).toEqual([
      '.small { font-size: var(--step--1) }',
    ]);
    expect(restated(global, '.small { margin: 0; }')).toEqual([]);
  });
});
