// @ts-check

import { satteri } from '@astrojs/markdown-satteri';
import node from '@astrojs/node';
import svelte from '@astrojs/svelte';
import { defineConfig } from 'astro/config';
import { CSP_DIRECTIVES } from './src/server/http/csp.ts';
import { cspDigestCache } from './src/server/http/csp-digest-plugin.ts';
import { islandRenderFastPaths } from './src/server/http/island-render-plugin.ts';
import { renderStateRelease } from './src/server/http/render-release-plugin.ts';
import { routeFastPaths } from './src/server/http/route-plugin.ts';
import { serverBundle } from './src/server/http/server-bundle.ts';
import { labelledTaskLists } from './src/server/markdown-plugins/labelled-task-lists.ts';

// Settings are read at run time from the environment by src/server/config.ts (shared
// with the CLIs), so nothing here depends on the machine the site is built on.
export default defineConfig({
  output: 'server',
  // Pages render to one string, not a stream: compression (src/server/http/compression.ts)
  // holds the body to the end anyway, and the stream's machinery cost a profile page about
  // an eighth of its CPU (README "Benchmark").
  adapter: node({ mode: 'middleware', experimentalDisableStreaming: true }),
  // serverBundle: the server entry as plain JavaScript too (src/server/http/server-bundle.ts).
  integrations: [svelte(), serverBundle()],
  // Sign-in sessions are our own (src/server/auth); Astro's session store is not used.
  session: false,
  security: {
    // Cross-site writes are refused by src/server/http/cross-site.ts (run from the
    // middleware), which knows the site's public origin behind a TLS proxy; Astro's own
    // check compares with the URL of the plain-HTTP connection and so refused every
    // form post behind one.
    checkOrigin: false,
    // Astro hashes every script and style it emits into the page's CSP header, so
    // inline script needs no 'unsafe-inline'.
    csp: { directives: [...CSP_DIRECTIVES] },
  },
  server: { port: 4321 },
  devToolbar: { enabled: false },
  // Guides' task lists get labelled checkboxes (accessibility). The plugin reads nodes
  // through its own narrow shape, hence the cast.
  markdown: { processor: satteri({ hastPlugins: [/** @type {any} */ (labelledTaskLists)] }) },
  // Stylesheets are files with hashed names, cached for a year (/_astro/), not repeated in every page.
  build: { inlineStylesheets: 'never' },
  vite: {
    // Astro hashes the same scripts and styles for the CSP header on every page: once per process instead.
    // Islands render with the same bytes for less work (island id, props, empty-class pass).
    // A sent response's render state lets go of the request's data (young-generation GC).
    // A route's page module, head elements and props are worked out once per route, not per request.
    plugins: [cspDigestCache(), islandRenderFastPaths(), renderStateRelease(), routeFastPaths()],
    // One stylesheet for the whole site (about 13 KB compressed), fetched once and cached
    // for a year, instead of a few per page type that each new kind of page fetches again.
    build: { sourcemap: false, cssCodeSplit: false },
    ssr: {
      // Native modules stay outside the server bundle and load from node_modules.
      external: ['@node-rs/argon2', '@libsql/client', 'libsql', 'nodemailer', 'sharp'],
      // Bundled: loading drizzle-orm from node_modules takes Node seconds per process (it
      // re-reads the package's very large exports map for each of its hundreds of files).
      noExternal: ['drizzle-orm'],
    },
  },
});
