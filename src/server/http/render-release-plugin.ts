import { fileURLToPath } from 'node:url';
import { replaceOnce, rewritingPlugin } from './build-rewrite.ts';

/*
 * A build step (Vite plugin, astro.config.mjs): Astro's app hands each response the
 * render state it came from, and the Node adapter's `writeResponse` empties that state
 * once the body is written (render-release.ts says why; README "Benchmark" measures it).
 * Astro offers no hook after a response is sent. Each rewrite fails the build if Astro's
 * source no longer reads as expected, and tests/unit/server/http/render-release.test.ts
 * rewrites the installed files and checks the built server carries both steps.
 */

const RUNTIME_MODULE = fileURLToPath(new URL('./render-release.ts', import.meta.url));

const APP_BASE = /[/\\]astro[/\\]dist[/\\]core[/\\]app[/\\]base\.js$/;
const APP_NODE = /[/\\]astro[/\\]dist[/\\]core[/\\]app[/\\]node\.js$/;

const STATE_RENDER = new RegExp(
  [
    String.raw`response = await handleRequest\(\s*new FetchState\(this\.manifest, request, resolvedOptions, \{`,
    '(?<hooks>[^]*?)',
    String.raw`\}\)\s*\);`,
  ].join(''),
);

/** Astro's core/app/base.js: `App.render` keeps the FetchState it renders from on the response. */
export function rewriteAppBaseModule(code: string, runtime = RUNTIME_MODULE): string {
  const match = STATE_RENDER.exec(code);
  const hooks = match?.groups?.hooks ?? '';
  const out = replaceOnce(
    code,
    STATE_RENDER,
    [
      'const __renderState = new FetchState(this.manifest, request, resolvedOptions, {',
      hooks,
      '});',
      'response = await handleRequest(__renderState);',
      '__carryRenderState(response, __renderState);',
    ].join(''),
    "render-release-plugin: App.render's FetchState",
  );
  return `import { carryRenderState as __carryRenderState } from ${JSON.stringify(runtime)};\n${out}`;
}

/** The end of `writeResponse`'s copy of the body, as it reads in Astro 7. */
const BODY_LOOP = [
  '    while (!result.done) {',
  '      destination.write(result.value);',
  '      result = await reader.read();',
  '    }',
  '    destination.end();',
].join('\n');

/** Astro's core/app/node.js: `writeResponse` empties the render state once the whole body is written. */
export function rewriteAppNodeModule(code: string, runtime = RUNTIME_MODULE): string {
  let out = replaceOnce(
    code,
    '  if (!body) return destination.end();',
    '  if (!body) {\n    destination.end();\n    __releaseRenderState(source);\n    return;\n  }',
    "render-release-plugin: writeResponse's empty body",
  );
  out = replaceOnce(
    out,
    BODY_LOOP,
    `${BODY_LOOP}\n    __releaseRenderState(source);`,
    "render-release-plugin: writeResponse's body loop",
  );
  return `import { releaseRenderState as __releaseRenderState } from ${JSON.stringify(runtime)};\n${out}`;
}

/** The Vite plugin applying the rewrites above to Astro's server code. */
export function renderStateRelease() {
  return rewritingPlugin('whoknows:render-state-release', [
    [APP_BASE, (code) => rewriteAppBaseModule(code)],
    [APP_NODE, (code) => rewriteAppNodeModule(code)],
  ]);
}
