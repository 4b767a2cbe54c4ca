import { afterEach, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '#server/config.ts';
import { isCrossSiteWrite } from '#server/http/cross-site.ts';

function post(headers: Record<string, string>, url = 'http://127.0.0.1:4321/signin') {
  return new Request(url, { method: 'POST', headers });
}
const form = { 'content-type': 'application/x-www-form-urlencoded' };

afterEach(() => {
  delete process.env.SITE_URL;
  delete process.env.TRUST_PROXY;
  resetConfigForTests();
});

describe('cross-site writes', () => {
  it('allows reads, and writes from this site; refuses writes another site sent', () => {
    process.env.SITE_URL = 'http://127.0.0.1:4321';
    resetConfigForTests();
    expect(isCrossSiteWrite(new Request('http://127.0.0.1:4321/'))).toBe(false);
    expect(isCrossSiteWrite(post({ ...form, origin: 'http://127.0.0.1:4321' }))).toBe(false);
    expect(isCrossSiteWrite(post({ ...form, origin: 'https://evil.example' }))).toBe(true);
    expect(isCrossSiteWrite(post({ ...form, origin: 'null' }))).toBe(true);
    expect(isCrossSiteWrite(post({ ...form, 'sec-fetch-site': 'cross-site' }))).toBe(true);
    expect(isCrossSiteWrite(post({ ...form, 'sec-fetch-site': 'same-site' }))).toBe(true);
    expect(isCrossSiteWrite(post({ ...form, 'sec-fetch-site': 'same-origin' }))).toBe(false);
  });

  it('refuses a form post that carries neither Origin nor Sec-Fetch-Site; lets other non-browser writes through', () => {
    expect(isCrossSiteWrite(post(form))).toBe(true);
    expect(isCrossSiteWrite(post({ 'content-type': 'text/plain' }))).toBe(true);
    expect(isCrossSiteWrite(post({ 'content-type': 'application/json' }))).toBe(false);
  });

  it('behind a TLS proxy: the https origin of SITE_URL or of the forwarded headers passes, others do not', () => {
    process.env.SITE_URL = 'https://whoknows.example';
    process.env.TRUST_PROXY = '1';
    resetConfigForTests();
    const proxied = { ...form, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'whoknows.example' };
    expect(isCrossSiteWrite(post({ ...proxied, origin: 'https://whoknows.example' }))).toBe(false);
    expect(isCrossSiteWrite(post({ ...proxied, origin: 'http://whoknows.example' }))).toBe(true);
    expect(isCrossSiteWrite(post({ ...proxied, origin: 'https://evil.example' }))).toBe(true);
    // A forwarded host is only believed from trusted proxies.
    process.env.TRUST_PROXY = '0';
    resetConfigForTests();
    const spoofed = { ...form, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' };
    expect(isCrossSiteWrite(post({ ...spoofed, origin: 'https://evil.example' }))).toBe(true);
  });
});
