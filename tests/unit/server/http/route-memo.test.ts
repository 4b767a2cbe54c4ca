import { describe, expect, it } from 'vitest';
import { type HeadElement, memoisedComponentByRoute, memoisedHeadElements } from '#server/http/route-memo.ts';

describe('a route’s component, loaded once per route', () => {
  it('loads each route once and hands every later request the same module', async () => {
    const manifest = { name: 'manifest' };
    const people = { component: 'src/pages/people/index.astro' };
    const profile = { component: 'src/pages/people/[handle].astro' };
    const loads: string[] = [];
    const load = async (_m: typeof manifest, route: { component: string }) => {
      loads.push(route.component);
      return { default: route.component };
    };
    const first = await memoisedComponentByRoute(manifest, people, load);
    const again = await memoisedComponentByRoute(manifest, people, load);
    const other = await memoisedComponentByRoute(manifest, profile, load);
    expect(again).toBe(first);
    expect(other).toEqual({ default: 'src/pages/people/[handle].astro' });
    expect(loads).toEqual(['src/pages/people/index.astro', 'src/pages/people/[handle].astro']);
  });

  it('keeps no failed load: the next request tries again', async () => {
    const route = { component: 'src/pages/flaky.astro' };
    let calls = 0;
    const load = async () => {
      calls++;
      if (calls === 1) throw new Error('module failed to load');
      return { default: 'loaded' };
    };
    await expect(memoisedComponentByRoute({}, route, load)).rejects.toThrow('module failed to load');
    await expect(memoisedComponentByRoute({}, route, load)).resolves.toEqual({ default: 'loaded' });
    await expect(memoisedComponentByRoute({}, route, load)).resolves.toEqual({ default: 'loaded' });
    expect(calls).toBe(2);
  });
});

describe('a route’s head elements, built once per route', () => {
  const stylesheet = (): HeadElement => ({ props: { rel: 'stylesheet', href: '/_astro/style.css' }, children: '' });
  const script = (): HeadElement => ({ props: { type: 'module', src: '/_astro/island.js' }, children: '' });

  it('builds once per route and hands each page its own sets and elements', async () => {
    const built: string[] = [];
    const env = {
      async headElementsOnce(_manifest: object, route: { route: string }) {
        built.push(route.route);
        return { links: new Set<HeadElement>(), styles: new Set([stylesheet()]), scripts: new Set([script()]) };
      },
    };
    const people = { route: '/people' };
    const first = await memoisedHeadElements(env, {}, people);
    // What Astro does to a page's sets as it renders: empties the styles, rewrites a script's src.
    first.styles.clear();
    for (const s of first.scripts) s.props.src = `/base${s.props.src}`;
    const second = await memoisedHeadElements(env, {}, people);
    expect([...second.styles]).toEqual([stylesheet()]);
    expect([...second.scripts]).toEqual([script()]);
    expect(second.styles).not.toBe(first.styles);
    await memoisedHeadElements(env, {}, { route: '/people/[handle]' });
    expect(built).toEqual(['/people', '/people/[handle]']);
  });

  it('keeps no failed build: the next page tries again', async () => {
    let calls = 0;
    const env = {
      async headElementsOnce() {
        calls++;
        if (calls === 1) throw new Error('no such route');
        return { links: new Set<HeadElement>(), styles: new Set([stylesheet()]), scripts: new Set<HeadElement>() };
      },
    };
    const route = { route: '/flaky' };
    await expect(memoisedHeadElements(env, {}, route)).rejects.toThrow('no such route');
    expect([...(await memoisedHeadElements(env, {}, route)).styles]).toEqual([stylesheet()]);
    await memoisedHeadElements(env, {}, route);
    expect(calls).toBe(2);
  });
});
