import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The project folder (the one holding db/migrations). Found by walking up from this
 * module, so it is right both from source (tsx, tests) and from the built server in
 * dist/server/chunks, whatever the current directory.
 */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'db', 'migrations', 'meta', '_journal.json'))) return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (cached = process.cwd());
}

/** Whether this module is the script Node was asked to run (for files that are also CLIs). */
export function isMainModule(metaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && fileURLToPath(metaUrl) === entry;
}
