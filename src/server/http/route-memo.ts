/*
 * Runtime of route-plugin.ts: what Astro works out about a route on every request,
 * worked out once per route.
 */

/** Keeps `promise` for `route` in `kept` until it fails, so that the next request starts again. */
function keepUntilFailed<T>(kept: WeakMap<object, Promise<T>>, route: object, promise: Promise<T>): Promise<T> {
  kept.set(route, promise);
  promise.catch(() => {
    if (kept.get(route) === promise) kept.delete(route);
  });
  return promise;
}

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
  return known ?? keepUntilFailed(components as WeakMap<object, Promise<C>>, routeData, load(manifest, routeData));
}

/** An element Astro renders into a page's head (a stylesheet link, a module script). */
export interface HeadElement {
  props: Record<string, unknown>;
  children?: string;
}

export interface HeadElements {
  links: Set<HeadElement>;
  styles: Set<HeadElement>;
  scripts: Set<HeadElement>;
}

/** The environment whose `headElementsOnce` (Astro's own, renamed) builds a route's head elements. */
interface HeadElementsSource<M, R> {
  headElementsOnce(manifest: M, routeData: R): Promise<HeadElements>;
}

const heads = new WeakMap<object, Promise<HeadElements>>();

/** Fresh sets of fresh elements: Astro empties the page's style set as it renders, and may rewrite a script's `src`. */
function copied(set: Set<HeadElement>): Set<HeadElement> {
  const out = new Set<HeadElement>();
  for (const element of set) out.add({ ...element, props: { ...element.props } });
  return out;
}

/**
 * Astro's production `headElements`, built once per route: a route's stylesheets and
 * scripts are fixed at build time, yet Astro looked the route up among all routes and
 * built every link's URL again on every page. Each call gets its own copies (see
 * `copied`); a failed build is not kept.
 */
export async function memoisedHeadElements<M, R extends object>(
  env: HeadElementsSource<M, R>,
  manifest: M,
  routeData: R,
): Promise<HeadElements> {
  const elements = await (heads.get(routeData) ??
    keepUntilFailed(heads, routeData, env.headElementsOnce(manifest, routeData)));
  return { links: copied(elements.links), styles: copied(elements.styles), scripts: copied(elements.scripts) };
}
