import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '#server/config.ts';
import {
  cachedPage,
  invalidatePageCache,
  pageCacheGeneration,
  pageCacheUsable,
  storePage,
} from '#server/http/page-cache.ts';

const page = (body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status: 200, headers: { 'content-type': 'text/html', ...headers } });

beforeEach(() => {
  delete process.env.PAGE_CACHE_SECONDS;
  resetConfigForTests();
  invalidatePageCache();
});
afterEach(() => {
  delete process.env.PAGE_CACHE_SECONDS;
  resetConfigForTests();
});

describe('the anonymous page cache', () => {
  it('serves a stored page again until it expires', async () => {
    const now = 1_000_000;
    const first = await storePage('/people?q=go', page('<p>Go people</p>'), pageCacheGeneration(), now);
    expect(first.headers.get('x-page-cache')).toBe('miss');
    expect(await first.text()).toBe('<p>Go people</p>');
    const hit = cachedPage('/people?q=go', now + 4_000)!;
    expect(hit.headers.get('x-page-cache')).toBe('hit');
    expect(hit.headers.get('content-type')).toBe('text/html');
    expect(hit.headers.get('content-length')).toBe('16');
    expect(await hit.text()).toBe('<p>Go people</p>');
    expect(cachedPage('/people?q=go', now + 5_001)).toBeNull();
    expect(cachedPage('/people?q=rust', now)).toBeNull();
  });

  it('forgets everything when invalidated, and never stores a page rendered across a change', async () => {
    const now = 1_000_000;
    await storePage('/a', page('a'), pageCacheGeneration(), now);
    invalidatePageCache();
    expect(cachedPage('/a', now)).toBeNull();
    const before = pageCacheGeneration();
    invalidatePageCache(); // a write committed while the page was rendering
    const response = await storePage('/b', page('b'), before, now);
    expect(await response.text()).toBe('b');
    expect(cachedPage('/b', now)).toBeNull();
  });

  it('does not store responses that set cookies', async () => {
    await storePage('/c', page('c', { 'set-cookie': 'session=; Max-Age=0' }), pageCacheGeneration());
    expect(cachedPage('/c')).toBeNull();
  });

  it('is off with PAGE_CACHE_SECONDS=0, and for absurdly long addresses', () => {
    expect(pageCacheUsable('/people')).toBe(true);
    expect(pageCacheUsable(`/people?q=${'x'.repeat(3000)}`)).toBe(false);
    process.env.PAGE_CACHE_SECONDS = '0';
    resetConfigForTests();
    expect(pageCacheUsable('/people')).toBe(false);
  });
});
