/*
 * What Astro's request handling calls after the build step in render-release-plugin.ts:
 * once a response has been written out, the state Astro rendered it from lets go of
 * everything it holds (the request, the page's data, the rendered result).
 *
 * Why: Astro builds each request's context objects with getters that close over that
 * request's render state, and makes the page's `Astro` objects with a per-request
 * prototype. A getter or a prototype made per request keeps what it reaches alive through
 * V8's young-generation collections until the next full one (V8 holds both from the old
 * generation; measured alike with allocation-site pretenuring on and off), so each
 * request's data was promoted to the old generation: in process, 10.5 KB of a search's
 * answer, 2.9 KB once the state is emptied. Emptying the render state once the response
 * is sent leaves those closures holding an empty shell. Measured in README "Benchmark".
 */

const RENDER_STATE = Symbol('whoknows.renderState');

type Carrier = { [RENDER_STATE]?: object };

/** Called where Astro's app has rendered `response` from `state`: the response carries it until it is sent. */
export function carryRenderState(response: unknown, state: object): void {
  if (response === null || typeof response !== 'object') return;
  (response as Carrier)[RENDER_STATE] = state;
}

/** Empties an object's own enumerable properties (private fields stay: only Astro's code can reach them). */
function empty(target: Record<string, unknown>): void {
  for (const key of Object.keys(target)) {
    try {
      target[key] = undefined;
    } catch {
      // A read-only property keeps its value; the rest are still emptied.
    }
  }
}

/**
 * Called where Astro's adapter has written all of `response` out: its render state and
 * the state's rendered result are emptied. Nothing reads them after the body is sent;
 * a response rendered by other means carries none, and nothing happens.
 */
export function releaseRenderState(response: unknown): void {
  if (response === null || typeof response !== 'object') return;
  const carrier = response as Carrier;
  const state = carrier[RENDER_STATE] as Record<string, unknown> | undefined;
  if (!state) return;
  carrier[RENDER_STATE] = undefined;
  const result = state.result;
  if (result !== null && typeof result === 'object') empty(result as Record<string, unknown>);
  empty(state);
}
