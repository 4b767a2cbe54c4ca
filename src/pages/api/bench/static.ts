import type { APIRoute } from 'astro';
import { config } from '#server/config.ts';

const MAX_BYTES = 2_000_000;
const pages = new Map<number, string>();

/** A fixed HTML page of exactly `bytes` bytes (ASCII), built once per size. */
function pageOf(bytes: number): string {
  let page = pages.get(bytes);
  if (!page) {
    const head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body><p>';
    const tail = '</p></body></html>';
    const filler = 'whoknows benchmark ceiling page. '.repeat(Math.ceil(bytes / 33) + 1);
    page = `${head}${filler.slice(0, Math.max(0, bytes - head.length - tail.length))}${tail}`;
    if (pages.size < 16) pages.set(bytes, page);
  }
  return page;
}

/**
 * The benchmark's ceiling: a static page of a given size served by the same server
 * (same middleware, same adapter), so page throughput can be read as a share of what
 * the stack can do at all. Exists only when BENCH_ROUTES=1; a 404 otherwise.
 */
export const GET: APIRoute = ({ url }) => {
  if (!config().BENCH_ROUTES) return new Response(null, { status: 404 });
  const bytes = Math.min(
    MAX_BYTES,
    Math.max(100, Math.floor(Number(url.searchParams.get('bytes') ?? 10_000)) || 10_000),
  );
  return new Response(pageOf(bytes), { headers: { 'content-type': 'text/html; charset=utf-8' } });
};
