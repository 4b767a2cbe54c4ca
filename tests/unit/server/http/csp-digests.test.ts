import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rewriteEncryptionModule } from '#server/http/csp-digest-plugin.ts';
import {
  CSP_DIGEST_ENTRIES,
  CSP_DIGEST_MAX_CHARS,
  cachedCspDigest,
  cachedCspDigestCount,
} from '#server/http/csp-digests.ts';

/** What Astro computes: WebCrypto over the UTF-8 bytes, base64, with the algorithm's prefix. */
async function webCryptoDigest(data: string, algorithm: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest(algorithm, new TextEncoder().encode(data)));
  return `${algorithm.toLowerCase().replace('-', '')}-${Buffer.from(bytes).toString('base64')}`;
}

function counting() {
  const calls: string[] = [];
  const compute = (data: string, algorithm: string) => {
    calls.push(`${algorithm}:${data}`);
    return webCryptoDigest(data, algorithm);
  };
  return { calls, compute };
}

describe('cachedCspDigest', () => {
  it('answers exactly what the computation answers, computing each content once', async () => {
    const { calls, compute } = counting();
    const script = `console.log("csp ${Math.random()}")`;
    const first = await cachedCspDigest(script, 'SHA-256', compute);
    const again = await cachedCspDigest(script, 'SHA-256', compute);
    expect(first).toBe(await webCryptoDigest(script, 'SHA-256'));
    expect(again).toBe(first);
    expect(calls).toEqual([`SHA-256:${script}`]);
  });

  it('keeps algorithms and contents apart', async () => {
    const { calls, compute } = counting();
    const content = `a{color:red} ${Math.random()}`;
    const sha256 = await cachedCspDigest(content, 'SHA-256', compute);
    const sha384 = await cachedCspDigest(content, 'SHA-384', compute);
    const other = await cachedCspDigest(`${content} `, 'SHA-256', compute);
    expect(new Set([sha256, sha384, other]).size).toBe(3);
    expect(sha384).toBe(await webCryptoDigest(content, 'SHA-384'));
    expect(calls).toHaveLength(3);
  });

  it('does not remember a failed computation', async () => {
    const content = `fails once ${Math.random()}`;
    let attempts = 0;
    const flaky = (data: string, algorithm: string) => {
      attempts++;
      return attempts === 1 ? Promise.reject(new Error('no crypto')) : webCryptoDigest(data, algorithm);
    };
    await expect(cachedCspDigest(content, 'SHA-256', flaky)).rejects.toThrow('no crypto');
    expect(await cachedCspDigest(content, 'SHA-256', flaky)).toBe(await webCryptoDigest(content, 'SHA-256'));
    expect(attempts).toBe(2);
  });

  it('is bounded: at most CSP_DIGEST_ENTRIES contents, and none longer than CSP_DIGEST_MAX_CHARS', async () => {
    const { calls, compute } = counting();
    for (let i = 0; i < CSP_DIGEST_ENTRIES + 20; i++) await cachedCspDigest(`bounded ${i}`, 'SHA-256', compute);
    expect(cachedCspDigestCount()).toBe(CSP_DIGEST_ENTRIES);
    const large = 'x'.repeat(CSP_DIGEST_MAX_CHARS + 1);
    await cachedCspDigest(large, 'SHA-256', compute);
    await cachedCspDigest(large, 'SHA-256', compute);
    expect(calls.filter((c) => c.length > CSP_DIGEST_MAX_CHARS)).toHaveLength(2);
    expect(cachedCspDigestCount()).toBe(CSP_DIGEST_ENTRIES);
  });
});

describe('rewriteEncryptionModule (the build step)', () => {
  // The installed Astro's own source: the file the build step rewrites.
  const astroEncryption = readFileSync(
    new URL('../../../../node_modules/astro/dist/core/encryption.js', import.meta.url),
    'utf8',
  );

  it("routes the installed Astro's generateCspDigest through the cache, keeping the original as the computation", () => {
    const rewritten = rewriteEncryptionModule(astroEncryption, '/cache.ts');
    expect(rewritten).toContain('import { cachedCspDigest as __cachedCspDigest } from "/cache.ts";');
    expect(rewritten).toContain('async function generateCspDigestUncached(data, algorithm) {');
    expect(rewritten).toContain('return __cachedCspDigest(data, algorithm, generateCspDigestUncached);');
    expect(rewritten.match(/function generateCspDigest\(/g)).toHaveLength(1);
  });

  it('fails the build when Astro no longer has the function', () => {
    expect(() => rewriteEncryptionModule('export function somethingElse() {}')).toThrow(/generateCspDigest/);
  });
});
