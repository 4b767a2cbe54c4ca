import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '#tests/helpers/temp-dir.ts';

// The server entry `npm start` runs is node-server.ts bundled into plain JavaScript by the
// build (src/server/http/server-bundle.ts), so that no server process loads Node's
// TypeScript stripper. This loads the bundle and the built site in a fresh Node process,
// answers /healthz through them (which runs the start-up work: migrations, search
// indexes), and reports what that process loaded.

const BUNDLE = fileURLToPath(new URL('../../dist/server/http/node-server.mjs', import.meta.url));
const dir = makeTempDir('whoknows-bundle-');
afterAll(() => dir.remove());

const PROBE = `
import { createServer } from 'node:http';
const { loadAstroHandler } = await import(process.env.BUNDLE);
const server = createServer(await loadAstroHandler());
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const response = await fetch('http://127.0.0.1:' + server.address().port + '/healthz');
await response.arrayBuffer();
server.close();
server.closeAllConnections();
console.log(JSON.stringify({
  status: response.status,
  stripper: process.moduleLoadList.some((name) => name.includes('amaro')),
}));
process.exit(0);
`;

describe('the bundled server entry', () => {
  it('serves the built site without loading TypeScript', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', PROBE], {
      env: {
        ...process.env,
        BUNDLE,
        DATABASE_URL: `file:${join(dir.path, 'whoknows.db')}`,
        SEED_DEMO: '0',
        LOG_LEVEL: 'error',
        ASTRO_TELEMETRY_DISABLED: '1',
      },
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as { status: number; stripper: boolean };
    expect(report.status).toBe(200);
    expect(report.stripper).toBe(false);
  });

  it('still has the stripper show up when a TypeScript file is loaded (the check can fail)', async () => {
    const source = fileURLToPath(new URL('../../src/server/http/csp.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(source)}); console.log(process.moduleLoadList.some((n) => n.includes('amaro')));`,
    ]);
    expect(stdout.trim()).toBe('true');
  });
});
