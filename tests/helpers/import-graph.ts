import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/*
 * The project's import graph, read from the source text: every static import, export
 * … from, and dynamic import() in .ts, .mjs, .astro and .svelte files. Specifiers are
 * resolved through package.json "imports" (#features/…) and relative paths; packages
 * and virtual modules (astro:actions) are left out.
 */

const SOURCE = /\.(ts|mjs|astro|svelte)$/;
const SPECIFIERS = [
  /\b(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"\n]+)['"]/g,
  /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];

/** Every source file under `dirs` (relative to `root`), as project-relative paths with `/`. */
export function sourceFiles(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name)) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return out.sort();
}

/** The import specifiers written in a file's text. */
export function importSpecifiers(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of SPECIFIERS) for (const match of text.matchAll(pattern)) found.add(match[1]!);
  return [...found];
}

/** Resolves a specifier to a project-relative path, or null for packages and virtual modules. */
export function resolveSpecifier(from: string, specifier: string, aliases: Record<string, string>): string | null {
  if (specifier.startsWith('.')) return join(dirname(from), specifier).split(sep).join('/');
  for (const [pattern, target] of Object.entries(aliases)) {
    const prefix = pattern.replace(/\*$/, '');
    if (pattern.endsWith('*') && specifier.startsWith(prefix)) {
      return join(target.replace(/\*$/, ''), specifier.slice(prefix.length)).split(sep).join('/');
    }
  }
  return null;
}

export type ImportGraph = Map<string, string[]>;

/** file → the project files it imports. */
export function readImportGraph(root: string, dirs: string[]): ImportGraph {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { imports: Record<string, string> };
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(root, dirs)) {
    const text = readFileSync(join(root, file), 'utf8');
    const targets = importSpecifiers(text)
      .map((s) => resolveSpecifier(file, s, pkg.imports))
      .filter((t): t is string => t !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The cycles of a graph (each as the nodes on it), found with Tarjan's strongly connected components. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

/** The feature a path belongs to (src/features/<name>/…), or null. */
export function featureOf(path: string): string | null {
  return /^src\/features\/([^/]+)\//.exec(path)?.[1] ?? null;
}

/** The graph between features: A → B when a file of A imports a file of B. */
export function featureGraph(graph: ImportGraph): Map<string, string[]> {
  const features = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = featureOf(file);
    if (!from) continue;
    const set = features.get(from) ?? new Set<string>();
    for (const target of targets) {
      const to = featureOf(target);
      if (to && to !== from) set.add(to);
    }
    features.set(from, set);
  }
  return new Map([...features].map(([k, v]) => [k, [...v]]));
}
