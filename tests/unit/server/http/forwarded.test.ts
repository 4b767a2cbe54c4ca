import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, resetConfigForTests } from '#server/config.ts';
import { clientIp, forwardedClientIp, publicOrigin, trustedHopValue } from '#server/http/forwarded.ts';

afterEach(() => {
  delete process.env.TRUST_PROXY;
  resetConfigForTests();
});

describe('TRUST_PROXY', () => {
  it('is a number of proxies; 1/0 and true/false keep their meaning; anything else stops start-up', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '0' }).TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '-1' })).toThrow(/TRUST_PROXY/);
  });
});

describe('the client address behind proxies', () => {
  it('counts trusted hops from the right, so a client cannot choose its own address', () => {
    // The client wrote "6.6.6.6"; our one proxy appended the address it saw.
    expect(forwardedClientIp('6.6.6.6, 203.0.113.5', '10.0.0.2', 1)).toBe('203.0.113.5');
    // Two proxies (CDN, then ours): the CDN's entry is the client.
    expect(forwardedClientIp('6.6.6.6, 203.0.113.5, 198.51.100.9', '10.0.0.2', 2)).toBe('203.0.113.5');
    // Fewer entries than hops: the left-most is all there is.
    expect(forwardedClientIp('203.0.113.5', '10.0.0.2', 2)).toBe('203.0.113.5');
    expect(forwardedClientIp('[2001:db8::1]', '10.0.0.2', 1)).toBe('2001:db8::1');
  });

  it('ignores the header without trusted proxies, and when the entry is not an address', () => {
    expect(forwardedClientIp('203.0.113.5', '10.0.0.2', 0)).toBe('10.0.0.2');
    expect(forwardedClientIp('not-an-ip', '10.0.0.2', 1)).toBe('10.0.0.2');
    expect(forwardedClientIp(null, '10.0.0.2', 1)).toBe('10.0.0.2');
    expect(forwardedClientIp(' , ', undefined, 1)).toBe('unknown');
  });

  it('reads TRUST_PROXY from the configuration', () => {
    const request = new Request('http://127.0.0.1/', { headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.5' } });
    process.env.TRUST_PROXY = '1';
    resetConfigForTests();
    expect(clientIp(request, '127.0.0.1')).toBe('203.0.113.5');
    process.env.TRUST_PROXY = '0';
    resetConfigForTests();
    expect(clientIp(request, '127.0.0.1')).toBe('127.0.0.1');
  });

  it('takes the trusted entry of other forwarding headers the same way', () => {
    expect(trustedHopValue('http, https', 1)).toBe('https');
    expect(trustedHopValue('https', 0)).toBeUndefined();
  });
});

describe('the public origin', () => {
  const behindProxy = new Request('http://127.0.0.1:4321/signin', {
    headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'whoknows.example' },
  });

  it('is what a trusted TLS proxy forwards', () => {
    process.env.TRUST_PROXY = '1';
    resetConfigForTests();
    expect(publicOrigin(behindProxy)).toBe('https://whoknows.example');
    const protoOnly = new Request('http://whoknows.example/x', { headers: { 'x-forwarded-proto': 'https' } });
    expect(publicOrigin(protoOnly)).toBe('https://whoknows.example');
    const junk = new Request('http://whoknows.example/x', { headers: { 'x-forwarded-host': 'a b/c' } });
    expect(publicOrigin(junk)).toBe('http://whoknows.example');
  });

  it('is the connection’s own without trusted proxies', () => {
    expect(publicOrigin(behindProxy)).toBe('http://127.0.0.1:4321');
  });
});
