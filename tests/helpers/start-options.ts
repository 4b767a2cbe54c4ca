import { readFileSync } from 'node:fs';

/** The Node options `npm start` runs the server with, so a benchmark measures the same process. */
export function startNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const match = /^node\s+(.*?)\s*src\/server\/cli\/start\.ts$/.exec(pkg.scripts.start ?? '');
  return match?.[1] ? match[1].split(/\s+/) : [];
}
