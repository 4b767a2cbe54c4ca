import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Five kinds of tests, one command (`npm test`):
 * - unit: pure logic, no I/O;
 * - integration: services against a real libSQL file database with the real migrations;
 * - components: .astro components rendered in isolation (Astro container API), with a database like integration;
 * - http: the built server (dist/) started on a free port with its own database;
 * - e2e: the built server driven by Debian's Chromium through playwright-core.
 * Server-backed kinds run one file at a time: each file starts its own server, and on
 * two cores parallel servers and browsers only make each other slow.
 */
export default defineConfig({
  root,
  test: {
    reporters: process.env.CI ? ['default'] : ['default'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          setupFiles: ['tests/helpers/setup-integration.ts'],
        },
      },
      // .astro components rendered with Astro's container API (needs Astro's Vite config).
      'tests/vitest.components.config.ts',
      {
        test: {
          name: 'http',
          include: ['tests/http/**/*.test.ts'],
          globalSetup: ['tests/helpers/require-build.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/require-build.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
