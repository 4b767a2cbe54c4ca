import { fileURLToPath } from 'node:url';
import { replaceOnce, rewritingPlugin, routeThrough } from './build-rewrite.ts';

/*
 * A build step (Vite plugin, astro.config.mjs): Astro resolves a request's page module, its
 * head elements and its props the same way on every request; here once per route, or not
 * at all where the answer cannot differ. Astro has no option for any of these.
 *
 * - `getComponentByRoute` (production environment) imports the route's module twice per
 *   request; it now answers through `memoisedComponentByRoute` (route-memo.ts).
 * - `headElements` (production environment) finds the route among all routes and builds
 *   its stylesheet links and scripts afresh per page; it now answers through
 *   `memoisedHeadElements`, copies of what it built the first time.
 * - `getProps` matches a dynamic route's pattern again, turns the params into a key and
 *   looks it up among the route's static paths (and logs a debug line on the miss), to
 *   find the props `getStaticPaths` gave that path. A server-rendered route without
 *   `getStaticPaths` has none, so its props are `{}` straight after the (cached) lookup,
 *   as Astro's own code ends up answering.
 *
 * Each rewrite fails the build if Astro's source no longer reads as expected;
 * tests/unit/server/http/route-plugin.test.ts rewrites the installed files, and
 * tests/http/route-fast-paths.test.ts checks the built server carries all three.
 */

const RUNTIME_MODULE = fileURLToPath(new URL('./route-memo.ts', import.meta.url));

const PRODUCTION_ENV = /[/\\]astro[/\\]dist[/\\]core[/\\]environment[/\\]production\.js$/;
const PARAMS_AND_PROPS = /[/\\]astro[/\\]dist[/\\]core[/\\]render[/\\]params-and-props\.js$/;

/** Astro's production environment's `headElements` method, as it reads in Astro 7. */
const HEAD_ELEMENTS = '  async headElements(manifest, routeData) {';

/** Astro's core/environment/production.js: a route's component module and head elements, built once. */
export function rewriteProductionEnvironmentModule(code: string, runtime = RUNTIME_MODULE): string {
  const heads = replaceOnce(
    code,
    HEAD_ELEMENTS,
    [
      '  headElements(manifest, routeData) {',
      '    return __memoisedHeadElements(this, manifest, routeData);',
      '  },',
      '  async headElementsOnce(manifest, routeData) {',
    ].join('\n'),
    "route-plugin: Astro's headElements",
  );
  const withImport = `import { memoisedHeadElements as __memoisedHeadElements } from ${JSON.stringify(runtime)};\n${heads}`;
  return routeThrough(withImport, {
    name: 'getComponentByRoute',
    params: 'manifest, routeData',
    async: true,
    renamedTo: 'loadComponentByRoute',
    wrapper: 'memoisedComponentByRoute',
    runtime,
    what: "route-plugin: Astro's getComponentByRoute",
  });
}

/** getProps' static-path lookup, as it reads in Astro 7. */
const STATIC_PATHS = new RegExp(
  [
    String.raw`const staticPaths = await callGetStaticPaths\(\{`,
    String.raw`[^}]*\}\);\n`,
    String.raw`(?=\s*const params = getParams\(route, pathname\);)`,
  ].join(''),
);

/** Astro's core/render/params-and-props.js: no static-path lookup for a server-rendered route without any. */
export function rewriteParamsAndPropsModule(code: string): string {
  const match = STATIC_PATHS.exec(code);
  return replaceOnce(
    code,
    STATIC_PATHS,
    `${match?.[0] ?? ''}  if (serverLike && !route.prerender && !mod.getStaticPaths && staticPaths.keyed.size === 0) return {};\n`,
    "route-plugin: getProps' static-path lookup",
  );
}

/** The Vite plugin applying the rewrites above to Astro's server code. */
export function routeFastPaths() {
  return rewritingPlugin('whoknows:route-fast-paths', [
    [PRODUCTION_ENV, (code) => rewriteProductionEnvironmentModule(code)],
    [PARAMS_AND_PROPS, (code) => rewriteParamsAndPropsModule(code)],
  ]);
}
