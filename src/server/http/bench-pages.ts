import { config } from '#server/config.ts';

/*
 * The benchmark's fixed pages (BENCH_ROUTES=1 only): the static ceiling every member load
 * is compared with (/api/bench/static), and two Astro pages that say what the stack allows
 * at the same size before a page does any work of its own (/bench/page: Astro's page
 * pipeline and nothing else; /bench/layout: the site's layout around a fixed paragraph).
 */

/** The largest page or paragraph the bench pages make, so a hostile size cannot cost memory. */
export const BENCH_MAX_BYTES = 2_000_000;

/** Whether the bench pages exist: a 404 otherwise, whatever is asked. */
export function benchRoutesEnabled(): boolean {
  return config().BENCH_ROUTES;
}

/** A size parameter as a whole number within [min, BENCH_MAX_BYTES]; `fallback` when absent or not a number. */
export function benchSize(raw: string | null, fallback: number, min = 0): number {
  const value = Math.floor(Number(raw ?? fallback));
  return Number.isFinite(value) ? Math.min(BENCH_MAX_BYTES, Math.max(min, value)) : fallback;
}

const SENTENCE = 'whoknows benchmark ceiling page. ';
const fillers = new Map<number, string>();

/** `chars` characters of one repeated ASCII sentence, built once per size (a few sizes per run). */
export function benchFiller(chars: number): string {
  let text = fillers.get(chars);
  if (text === undefined) {
    text = SENTENCE.repeat(Math.ceil(chars / SENTENCE.length)).slice(0, chars);
    if (fillers.size < 16) fillers.set(chars, text);
  }
  return text;
}
