import type { ActionClient, ActionReturnType } from 'astro:actions';
import type { AstroGlobal } from 'astro';
import { isAppError } from '#server/errors.ts';

/*
 * What every page does the same way: answer 404 for what the viewer may not see, send
 * visitors to sign in, and redirect after a successful form post.
 */

/** The answer for anything that does not exist or is someone else's private thing (Astro renders 404.astro). */
export function notFoundResponse(): Response {
  return new Response(null, { status: 404 });
}

/**
 * Awaits a page's data; a NOT_FOUND from the service becomes the 404 response, so a
 * private thing and nothing at all look the same. Anything else is rethrown.
 *
 *   const page = await orNotFound(getEventPage(viewer, slug));
 *   if (page instanceof Response) return page;
 */
export async function orNotFound<T>(load: Promise<T>): Promise<T | Response> {
  try {
    return await load;
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return notFoundResponse();
    throw error;
  }
}

type Viewer = NonNullable<App.Locals['viewer']>;

/**
 * The signed-in member (the request's viewer), or a redirect to /signin that brings
 * them back to this address. The one guard of member-only pages, including those under
 * the prefixes the middleware already guards.
 *
 *   const me = memberOrSignIn(Astro);
 *   if (me instanceof Response) return me;
 */
export function memberOrSignIn(page: Pick<AstroGlobal, 'locals' | 'url' | 'redirect'>): Viewer | Response {
  const viewer = page.locals.viewer;
  if (viewer) return viewer;
  return page.redirect(`/signin?next=${encodeURIComponent(`${page.url.pathname}${page.url.search}`)}`, 303);
}

// biome-ignore lint/suspicious/noExplicitAny: Astro's own bound for "any action".
type Action = ActionClient<any, any, any>;
type Success<A extends Action> = NonNullable<Extract<ActionReturnType<A>, { error: undefined }>['data']>;

/** Where to go after a successful post; null renders the page instead. */
type Destination<A extends Action> = string | null | ((data: Success<A>) => string | null);

/**
 * Post/Redirect/Get for a page that receives form actions: read each action's result
 * with `result()`, naming where a success leads; then `if (prg.redirect) return
 * prg.redirect` sends a 303 there, so a reload never posts twice. The first success
 * read wins.
 */
export class PostRedirectGet {
  #redirect: Response | null = null;
  readonly #page: Pick<AstroGlobal, 'getActionResult' | 'redirect'>;

  constructor(page: Pick<AstroGlobal, 'getActionResult' | 'redirect'>) {
    this.#page = page;
  }

  /** The action's result when this request ran it (its error for the form), and the redirect after a success. */
  result<A extends Action>(action: A, to: Destination<A>): ActionReturnType<A> | undefined {
    const result = this.#page.getActionResult(action);
    if (result && !result.error && !this.#redirect) {
      const target = typeof to === 'function' ? to(result.data as Success<A>) : to;
      if (target !== null) this.#redirect = this.#page.redirect(target, 303);
    }
    return result;
  }

  /** The 303 after a successful post, or null when the page should render. */
  get redirect(): Response | null {
    return this.#redirect;
  }
}

/** Starts Post/Redirect/Get for this page (see PostRedirectGet). */
export function postRedirectGet(page: Pick<AstroGlobal, 'getActionResult' | 'redirect'>): PostRedirectGet {
  return new PostRedirectGet(page);
}
