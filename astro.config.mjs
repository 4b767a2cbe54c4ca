// @ts-check
import node from '@astrojs/node';
import svelte from '@astrojs/svelte';
import { defineConfig } from 'astro/config';

// Settings are read at run time from the environment by src/server/config.ts (shared
// with the CLIs), so nothing here depends on the machine the site is built on.
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [svelte()],
  // Sign-in sessions are our own (src/server/auth); Astro's session store is not used.
  session: false,
  security: { checkOrigin: true },
  server: { port: 4321 },
  devToolbar: { enabled: false },
  build: { inlineStylesheets: 'always' },
  vite: {
    build: { sourcemap: false },
    // Native modules stay outside the server bundle and load from node_modules.
    ssr: { external: ['@node-rs/argon2', '@libsql/client', 'libsql', 'nodemailer'] },
  },
});
