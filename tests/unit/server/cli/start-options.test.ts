import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startNodeArgs } from '#tests/helpers/start-options.ts';

// The V8 options of `npm start` (package.json), which every server process inherits and
// the benchmark reuses. Why each one, with figures: README, "Node.js version".

describe('npm start Node options', () => {
  it('cap the old generation, halve the young one, let the heap grow 60% past what lives, and allocate young', () => {
    expect(startNodeArgs()).toEqual([
      '--max-semi-space-size=8',
      '--max-old-space-size=256',
      '--heap-growing-percent=60',
      '--no-allocation-site-pretenuring',
    ]);
  });

  it('are all options this Node accepts (a misspelt V8 option stops Node at start)', () => {
    const run = spawnSync(process.execPath, [...startNodeArgs(), '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
