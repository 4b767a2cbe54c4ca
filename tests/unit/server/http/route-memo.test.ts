import { describe, expect, it } from 'vitest';
import { memoisedComponentByRoute } from '#server/http/route-memo.ts';

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
