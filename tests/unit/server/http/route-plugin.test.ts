import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rewriteParamsAndPropsModule, rewriteProductionEnvironmentModule } from '#server/http/route-plugin.ts';

const installed = (path: string) => readFileSync(new URL(`../../../../node_modules/${path}`, import.meta.url), 'utf8');

/** Evaluates the rewritten getProps with Astro's imports replaced by stand-ins. */
function rewrittenGetProps(calls: string[]) {
  const code = rewriteParamsAndPropsModule(installed('astro/dist/core/render/params-and-props.js'));
  const body = code
    .replace(/^import [^;]+;$/gm, '')
    .replace(/^export \{[^}]*\};?$/m, '')
    .concat('\nreturn getProps;');
  const standIns = {
    DEFAULT_404_COMPONENT: 'astro-default-404.astro',
    AstroError: class extends Error {
      constructor(details: { message: string }) {
        super(details.message);
      }
    },
    AstroErrorData: {
      NoMatchingStaticPathFound: {
        name: 'NoMatchingStaticPathFound',
        message: (path: string) => `no static path for ${path}`,
        hint: () => '',
      },
    },
    routeHasHtmlExtension: () => false,
    routeIsFallback: () => false,
    routeIsRedirect: () => false,
    callGetStaticPaths: async ({ mod }: { mod: { paths?: unknown[] } }) => {
      calls.push('callGetStaticPaths');
      const paths = mod.paths ?? [];
      return Object.assign(paths, {
        keyed: new Map(paths.map((p) => [(p as { key: string }).key, p])),
      });
    },
    findPathItemByKey: (staticPaths: { keyed: Map<string, unknown> }) => {
      calls.push('findPathItemByKey');
      return staticPaths.keyed.get('/people/ada');
    },
  };
  const make = new Function(...Object.keys(standIns), body) as (
    ...args: unknown[]
  ) => (opts: object) => Promise<object>;
  return make(...Object.values(standIns));
}

const profileRoute = {
  pathname: undefined,
  prerender: false,
  component: 'src/pages/people/[handle].astro',
  params: ['handle'],
  fallbackRoutes: [],
  pattern: /^\/people\/([^/]+?)\/?$/,
  type: 'page',
  origin: 'project',
};

describe('the build step (route-plugin)', () => {
  it("rewrites the installed Astro's getComponentByRoute to answer through the memo", () => {
    const rewritten = rewriteProductionEnvironmentModule(
      installed('astro/dist/core/environment/production.js'),
      '/m.ts',
    );
    expect(rewritten).toContain('import { memoisedComponentByRoute as __memoisedComponentByRoute } from "/m.ts";');
    expect(rewritten).toContain('async function loadComponentByRoute(manifest, routeData) {');
    expect(rewritten).toContain('return __memoisedComponentByRoute(manifest, routeData, loadComponentByRoute);');
    // The environment object still names getComponentByRoute, now the memoised one.
    expect(rewritten).toMatch(/getComponentByRoute,/);
  });

  it("rewrites the installed Astro's headElements to answer through the memo, Astro's own kept as headElementsOnce", () => {
    const rewritten = rewriteProductionEnvironmentModule(
      installed('astro/dist/core/environment/production.js'),
      '/m.ts',
    );
    expect(rewritten).toContain('import { memoisedHeadElements as __memoisedHeadElements } from "/m.ts";');
    expect(rewritten).toContain(
      [
        '  headElements(manifest, routeData) {',
        '    return __memoisedHeadElements(this, manifest, routeData);',
        '  },',
        '  async headElementsOnce(manifest, routeData) {',
      ].join('\n'),
    );
    expect(rewritten).not.toContain('async headElements(');
  });

  it('answers a server-rendered dynamic route without static paths with {} straight after the lookup', async () => {
    const calls: string[] = [];
    const getProps = rewrittenGetProps(calls);
    const props = await getProps({
      mod: {},
      routeData: profileRoute,
      routeCache: {},
      pathname: '/people/ada',
      serverLike: true,
    });
    expect(props).toEqual({});
    expect(calls).toEqual(['callGetStaticPaths']);
  });

  it("leaves Astro's lookup to prerendered routes and routes with getStaticPaths", async () => {
    const calls: string[] = [];
    const getProps = rewrittenGetProps(calls);
    const withPaths = {
      getStaticPaths: () => [],
      paths: [{ key: '/people/ada', params: { handle: 'ada' }, props: { from: 'getStaticPaths' } }],
    };
    const props = await getProps({
      mod: withPaths,
      routeData: profileRoute,
      routeCache: {},
      pathname: '/people/ada',
      serverLike: true,
    });
    expect(props).toEqual({ from: 'getStaticPaths' });
    expect(calls).toEqual(['callGetStaticPaths', 'findPathItemByKey']);

    calls.length = 0;
    const prerendered = { ...profileRoute, prerender: true };
    // A prerendered route without the path still fails as Astro's own code makes it fail.
    await expect(
      getProps({ mod: {}, routeData: prerendered, routeCache: {}, pathname: '/people/bo', serverLike: true }),
    ).rejects.toThrow('no static path for /people/bo');
    expect(calls).toEqual(['callGetStaticPaths', 'findPathItemByKey']);
  });

  it('fails the build when a target no longer reads as expected', () => {
    expect(() => rewriteProductionEnvironmentModule('function getComponentByRoute(m, r) {}')).toThrow(
      /headElements was found 0/,
    );
    expect(() =>
      rewriteProductionEnvironmentModule('const env = {\n  async headElements(manifest, routeData) {\n  }\n};'),
    ).toThrow(/getComponentByRoute was found 0/);
    expect(() => rewriteParamsAndPropsModule('const staticPaths = await load();')).toThrow(/static-path lookup/);
  });
});
