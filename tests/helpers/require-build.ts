import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** HTTP and browser tests run against dist/ (the built site and the bundled server entry); `npm test` builds it first. */
export default function requireBuild(): void {
  for (const built of ['entry.mjs', 'http/node-server.mjs']) {
    const path = fileURLToPath(new URL(`../../dist/server/${built}`, import.meta.url));
    if (!existsSync(path)) {
      throw new Error(`dist/server/${built} is missing: run \`npm run build\` (npm test does this for you).`);
    }
  }
}
