/*
 * Runtime of route-plugin.ts: what Astro works out about a route on every request,
 * worked out once per route.
 */

/** The loaded page module of each route (Astro's route data objects live as long as the app). */
const components = new WeakMap<object, Promise<unknown>>();

/**
 * Astro's `getComponentByRoute`, answered once per route: Astro calls the route's
 * `() => import(…)` and then the module's `page()` (another `import()`) for every
 * request, and each dynamic import goes through Node's module loader again (resolving
 * the specifier, looking up the module job) to hand back the same module. A failed load
 * is not kept, so the next request tries again, as before.
 */
export function memoisedComponentByRoute<M, R extends object, C>(
  manifest: M,
  routeData: R,
  load: (manifest: M, routeData: R) => Promise<C>,
): Promise<C> {
  const known = components.get(routeData) as Promise<C> | undefined;
  if (known) return known;
  const loading = load(manifest, routeData);
  components.set(routeData, loading);
  loading.catch(() => {
    if (components.get(routeData) === loading) components.delete(routeData);
  });
  return loading;
}
