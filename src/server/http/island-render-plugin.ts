import { fileURLToPath } from 'node:url';
import { replaceOnce as replaceOnceIn, rewritingPlugin, routeThrough } from './build-rewrite.ts';

/*
 * A build step (Vite plugin, astro.config.mjs) that takes needless work out of rendering
 * an island, with byte-identical pages. Astro and its Svelte renderer offer no options
 * for these. On /people (an island of about 50 KB of HTML, its results in the slot):
 *
 * - Astro's island id hashes `<!--export:url-->\n${html}\n${props}` one character at a
 *   time: built as one string, copied flat, then hashed. `shorthashOfParts` hashes the
 *   parts in turn, four characters a step, to the same id.
 * - Astro serialises the props twice (for the id, then for the `props` attribute); the
 *   second time is answered from the first (`memoisedSerializedProps`).
 * - The Svelte renderer runs `/\s+class=""/g` over every component's HTML, and Astro
 *   runs its slot-tag pattern over every non-island component's HTML; both now run only
 *   when the text they remove is there at all.
 * - The Svelte renderer's `check` reads each component's source text on every render;
 *   its answer is now kept per component (`memoisedComponentCheck`).
 *
 * Each rewrite fails the build if Astro's source no longer reads as expected, and
 * tests/unit/server/http/island-render.test.ts rewrites the installed packages' files
 * and checks the built server carries the steps, so an upgrade cannot drop them silently.
 */

const RUNTIME_MODULE = fileURLToPath(new URL('./island-render.ts', import.meta.url));

const SERIALIZE = /[/\\]astro[/\\]dist[/\\]runtime[/\\]server[/\\]serialize\.js$/;
const COMPONENT = /[/\\]astro[/\\]dist[/\\]runtime[/\\]server[/\\]render[/\\]component\.js$/;
const SVELTE_SERVER = /[/\\]@astrojs[/\\]svelte[/\\]dist[/\\]server\.js$/;

const replaceOnce = (code: string, find: string | RegExp, replacement: string, what: string) =>
  replaceOnceIn(code, find, replacement, `island-render-plugin: ${what}`);

/** Astro's serialize.js: `serializeProps` answers a props object's second call from its first. */
export function rewriteSerializeModule(code: string, runtime = RUNTIME_MODULE): string {
  return routeThrough(code, {
    name: 'serializeProps',
    params: 'props, metadata',
    renamedTo: 'serializePropsOnce',
    wrapper: 'memoisedSerializedProps',
    runtime,
    what: "island-render-plugin: Astro's serializeProps",
  });
}

/** The id hash in Astro's renderFrameworkComponent, as it reads in Astro 7. */
const ISLAND_ID = new RegExp(
  [
    String.raw`shorthash\(\s*\x60<!--\$\{metadata\.componentExport\.value\}:\$\{metadata\.componentUrl\}-->\n`,
    String.raw`\$\{html\}\n\$\{serializeProps\(\s*props,\s*metadata\s*\)\}\x60\s*\)`,
  ].join(''),
);

/** What the island id becomes: the same text, hashed as parts. */
const ISLAND_ID_BY_PARTS = [
  '__shorthashOfParts([`<!--${metadata.componentExport.value}:${metadata.componentUrl}-->\\n`,',
  ' html, "\\n", serializeProps(props, metadata)])',
].join('');

/** Astro's render/component.js: the island id over parts; the slot-tag pattern only where a slot tag is. */
export function rewriteComponentModule(code: string, runtime = RUNTIME_MODULE): string {
  let out = replaceOnce(code, ISLAND_ID, ISLAND_ID_BY_PARTS, "the island id's shorthash");
  out = replaceOnce(
    out,
    'return html.replace(exp, "");',
    'return html.includes(supportsAstroStaticSlot ? "astro-static-slot" : "astro-slot") ? html.replace(exp, "") : html;',
    "removeStaticAstroSlot's replace",
  );
  return `import { shorthashOfParts as __shorthashOfParts } from ${JSON.stringify(runtime)};\n${out}`;
}

/**
 * @astrojs/svelte's server.js: strips empty class attributes only from HTML that has one;
 * answers `check` once per component function.
 */
export function rewriteSvelteServerModule(code: string, runtime = RUNTIME_MODULE): string {
  const out = replaceOnce(
    code,
    'html = html.replace(/\\s+class=""/g, "");',
    'if (html.includes(\'class=""\')) html = html.replace(/\\s+class=""/g, "");',
    "the Svelte renderer's empty-class replace",
  );
  return routeThrough(out, {
    name: 'check',
    params: 'Component',
    renamedTo: 'checkOnce',
    wrapper: 'memoisedComponentCheck',
    runtime,
    what: "island-render-plugin: the Svelte renderer's check",
  });
}

/** The Vite plugin applying the rewrites above to Astro's and its Svelte renderer's server code. */
export function islandRenderFastPaths() {
  return rewritingPlugin('whoknows:island-render-fast-paths', [
    [SERIALIZE, (code) => rewriteSerializeModule(code)],
    [COMPONENT, (code) => rewriteComponentModule(code)],
    [SVELTE_SERVER, (code) => rewriteSvelteServerModule(code)],
  ]);
}
