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

const serialized = new WeakMap<object, string>();

/**
 * Astro serialises an island's props twice per render (once for the island's id, once
 * for its `props` attribute); this answers the second time from the first. Keyed by the
 * props object Astro builds afresh for each render, so nothing outlives the page.
 */
export function memoisedSerializedProps<M>(
  props: unknown,
  metadata: M,
  serialize: (props: unknown, metadata: M) => string,
): string {
  if (props === null || typeof props !== 'object') return serialize(props, metadata);
  let text = serialized.get(props);
  if (text === undefined) {
    text = serialize(props, metadata);
    serialized.set(props, text);
  }
  return text;
}
