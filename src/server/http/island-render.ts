/*
 * What Astro's island rendering calls after the build step in island-render-plugin.ts:
 * the same answers as Astro's own code, for less CPU on a page whose island is large
 * (/people: about 50 KB of HTML with the results in its slot). Measured in README
 * "Benchmark" (the /people page round).
 */

const DICTIONARY = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXY';
const BASE = DICTIONARY.length;

/**
 * Astro's `shorthash` of the parts' concatenation, without building the concatenation.
 * The hash is `h = h * 31 + charCode` in 32-bit integers, so it can run over the parts in
 * turn, four characters a step; the result is character for character Astro's.
 */
export function shorthashOfParts(parts: readonly string[]): string {
  let hash = 0;
  for (const part of parts) {
    const n = part.length;
    let i = 0;
    // 31^4, 31^3, 31^2: four steps of h * 31 + c folded into one (each product is 32-bit, the sum exact).
    for (; i + 4 <= n; i += 4) {
      hash =
        (Math.imul(hash, 923521) +
          Math.imul(part.charCodeAt(i), 29791) +
          Math.imul(part.charCodeAt(i + 1), 961) +
          Math.imul(part.charCodeAt(i + 2), 31) +
          part.charCodeAt(i + 3)) |
        0;
    }
    for (; i < n; i++) hash = (Math.imul(hash, 31) + part.charCodeAt(i)) | 0;
  }
  let result = '';
  const sign = hash < 0 ? 'Z' : '';
  let integer = Math.abs(hash);
  while (integer >= BASE) {
    result = DICTIONARY[integer % BASE] + result;
    integer = Math.floor(integer / BASE);
  }
  if (integer > 0) result = DICTIONARY[integer] + result;
  return sign + result;
}

/** Where the first serialisation of a render's props is kept: on that render's own metadata object. */
const SERIALIZED = Symbol('whoknows.serializedProps');

interface SerializedMemo {
  props: object;
  text: string;
}

/**
 * Astro serialises an island's props twice per render (once for the island's id, once
 * for its `props` attribute), both times with the metadata object it builds afresh for
 * that render; this answers the second time from the first.
 *
 * The memo lives on the metadata object, not in a module-level WeakMap: the strings kept
 * there (tens of KB a /people page) were promoted to the old generation under load and
 * waited there for a full collection (measured with V8's allocation-site pretenuring on;
 * README "Benchmark"). On the metadata they go with the render.
 */
export function memoisedSerializedProps<M>(
  props: unknown,
  metadata: M,
  serialize: (props: unknown, metadata: M) => string,
): string {
  if (props === null || typeof props !== 'object' || metadata === null || typeof metadata !== 'object') {
    return serialize(props, metadata);
  }
  const holder = metadata as { [SERIALIZED]?: SerializedMemo };
  const memo = holder[SERIALIZED];
  if (memo?.props === props) return memo.text;
  const text = serialize(props, metadata);
  // Not enumerable: the renderers read the metadata object and must not see the memo.
  Object.defineProperty(holder, SERIALIZED, { value: { props, text }, configurable: true, writable: true });
  return text;
}

const svelteChecks = new WeakMap<object, boolean>();

/**
 * The Svelte renderer's `check` asks, for every component on every render, whether the
 * component's source text mentions Svelte's render parameter. Reading a function's text
 * copies it out of its script, in the old generation (about 90 KB a /people render), so
 * the answer is kept per component function: it cannot change while the function lives.
 */
export function memoisedComponentCheck(component: unknown, check: (component: unknown) => boolean): boolean {
  if (typeof component !== 'function') return check(component);
  let known = svelteChecks.get(component);
  if (known === undefined) {
    known = check(component);
    svelteChecks.set(component, known);
  }
  return known;
}
