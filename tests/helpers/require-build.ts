import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** HTTP and browser tests run against dist/; `npm test` builds it first. */
export default function requireBuild(): void {
  const entry = fileURLToPath(new URL('../../dist/server/entry.mjs', import.meta.url));
  if (!existsSync(entry)) {
    throw new Error('dist/server/entry.mjs is missing: run `npm run build` (npm test does this for you).');
  }
}
