import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  featureGraph,
  featureOf,
  findCycles,
  importSpecifiers,
  readImportGraph,
  sourceFiles,
} from '#tests/helpers/import-graph.ts';

/**
 * The architecture, checked on every run (README "Architecture"): db/ sits at the
 * bottom, src/server/ above it knows no feature, src/features/ use each other through
 * services or small public modules (never a repo) without cycles, and src/app/ is the
 * only place that knows them all. Covers .ts, .mjs, .astro and .svelte files.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));
const graph = readImportGraph(root, ['src', 'db']);
const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));
const list = (found: { from: string; to: string }[]) => found.map((e) => `${e.from} → ${e.to}`);

describe('the import graph', () => {
  it('reads every kind of source file', () => {
    const kinds = new Set([...graph.keys()].map((f) => f.slice(f.lastIndexOf('.'))));
    expect([...kinds].sort()).toEqual(['.astro', '.mjs', '.svelte', '.ts']);
    expect(edges.length).toBeGreaterThan(500);
  });

  it('keeps db/ below everything: it imports nothing from src/', () => {
    expect(list(edges.filter((e) => e.from.startsWith('db/') && e.to.startsWith('src/')))).toEqual([]);
  });

  it('keeps src/server/ free of features and of the composition root', () => {
    const up = edges.filter(
      (e) => e.from.startsWith('src/server/') && (e.to.startsWith('src/features/') || e.to.startsWith('src/app/')),
    );
    expect(list(up)).toEqual([]);
  });

  it('lets no feature import the composition root, an action or a page', () => {
    const up = edges.filter((e) => featureOf(e.from) && /^src\/(app|actions|pages)\//.test(e.to));
    expect(list(up)).toEqual([]);
  });

  it('has features use each other through services or public modules, never a repo', () => {
    const repos = edges.filter((e) => {
      const from = featureOf(e.from);
      const to = featureOf(e.to);
      return from && to && from !== to && e.to.endsWith('.repo.ts');
    });
    expect(list(repos)).toEqual([]);
  });

  it('has no cycle between features', () => {
    expect(findCycles(featureGraph(graph))).toEqual([]);
  });

  it('has no cycle between files', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('resolves every project import to a file that exists', () => {
    const files = new Set(graph.keys());
    const missing = edges.filter((e) => /\.(ts|astro|svelte)$/.test(e.to) && !files.has(e.to));
    expect(list(missing)).toEqual([]);
  });
});

describe('the tree', () => {
  it('gives no two modules outside the routes the same name', () => {
    // index.ts is an entry point by convention (Astro requires src/actions/index.ts), and the two
    // search engines implement one interface side by side (embedded/engine.ts, meilisearch/engine.ts).
    const exempt = new Set(['index.ts', 'engine.ts']);
    const byName = new Map<string, string[]>();
    for (const file of sourceFiles(root, ['src'])) {
      if (file.startsWith('src/pages/') || exempt.has(basename(file))) continue;
      byName.set(basename(file), [...(byName.get(basename(file)) ?? []), file]);
    }
    expect([...byName.values()].filter((files) => files.length > 1)).toEqual([]);
  });

  it('has no line longer than 140 characters', () => {
    const long: string[] = [];
    for (const file of sourceFiles(root, ['src', 'db', 'tests'])) {
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.length > 140) long.push(`${file}:${i + 1}`);
        });
    }
    expect(long).toEqual([]);
  });

  it('lets only the state machine name the state a request moves to', () => {
    const written: string[] = [];
    for (const file of sourceFiles(root, ['src/features/requests'])) {
      if (file.endsWith('request-state.ts')) continue;
      const text = readFileSync(join(root, file), 'utf8');
      for (const match of text.matchAll(/\bstate:\s*'(open|accepted|completed|declined|withdrawn|cancelled|expired)'/g))
        written.push(`${file}: ${match[0]}`);
    }
    expect(written).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('find imports in .ts, .astro and .svelte text, static and dynamic', () => {
    const astro = "---\nimport Card from './Card.astro';\nimport type { A } from '#features/x/a.ts';\n---\n<Card />";
    const svelte =
      "<script lang=\"ts\">\n  import { b } from '#features/y/b.ts';\n  const c = import('./c.ts');\n</script>";
    const ts = "export { d } from './d.ts';\nimport './side-effect.ts';\nimport {\n  e,\n} from '#server/e.ts';";
    expect(importSpecifiers(astro)).toEqual(['./Card.astro', '#features/x/a.ts']);
    expect(importSpecifiers(svelte).sort()).toEqual(['#features/y/b.ts', './c.ts']);
    expect(importSpecifiers(ts).sort()).toEqual(['#server/e.ts', './d.ts', './side-effect.ts']);
  });

  it('find a cycle when there is one, and none when there is not', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(cyclic)).toEqual([['a', 'b', 'c']]);
    expect(findCycles(new Map([['x', ['x']]]))).toEqual([['x']]);
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('name the feature of a path', () => {
    expect(featureOf('src/features/requests/asking/ask.service.ts')).toBe('requests');
    expect(featureOf('src/server/errors.ts')).toBeNull();
  });
});
