import type { APIRoute } from 'astro';
import { benchFiller, benchRoutesEnabled, benchSize } from '#server/http/bench-pages.ts';
import { notFoundResponse } from '#server/http/page-helpers.ts';

const HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body><p>';
const TAIL = '</p></body></html>';

/**
 * The benchmark's ceiling: a static page of exactly `bytes` bytes (ASCII) served by the
 * same server (same middleware, same adapter), so page throughput can be read as a share
 * of what the stack can do at all. Exists only when BENCH_ROUTES=1; a 404 otherwise.
 */
export const GET: APIRoute = ({ url }) => {
  if (!benchRoutesEnabled()) return notFoundResponse();
  const bytes = benchSize(url.searchParams.get('bytes'), 10_000, 100);
  const page = `${HEAD}${benchFiller(Math.max(0, bytes - HEAD.length - TAIL.length))}${TAIL}`;
  return new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } });
};
