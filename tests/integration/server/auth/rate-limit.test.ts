import { describe, expect, it } from 'vitest';
import {
  clearRateLimit,
  hitRateLimit,
  peekRateLimit,
  pruneRateLimits,
  type RateLimitPolicy,
} from '#server/auth/rate-limit.ts';

const policy: RateLimitPolicy = { name: 'test', limit: 3, windowMs: 60_000, message: 'Slow down.' };

describe('database rate limits', () => {
  it('allows up to the limit in a window, then refuses with the time left', async () => {
    const now = new Date('2026-05-01T10:00:00Z');
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hitRateLimit(policy, 'ip-a', new Date(now.getTime() + i * 1000)));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfterSeconds).toBe(57);
  });

  it('starts a new window once the old one ends', async () => {
    const now = new Date('2026-05-01T10:00:00Z');
    for (let i = 0; i < 4; i++) await hitRateLimit(policy, 'ip-b', now);
    const after = await hitRateLimit(policy, 'ip-b', new Date(now.getTime() + 60_000));
    expect(after).toMatchObject({ allowed: true, count: 1 });
  });

  it('keeps subjects apart', async () => {
    const now = new Date();
    for (let i = 0; i < 4; i++) await hitRateLimit(policy, 'ip-c', now);
    expect((await hitRateLimit(policy, 'ip-d', now)).allowed).toBe(true);
  });

  it('counts exactly under 50 parallel hits', async () => {
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 50 }, () => hitRateLimit(policy, 'ip-burst', now)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
    expect(Math.max(...results.map((r) => r.count))).toBe(50);
  });

  it('peeks without counting and can be cleared', async () => {
    const now = new Date();
    await hitRateLimit(policy, 'ip-e', now);
    expect((await peekRateLimit(policy, 'ip-e', now)).count).toBe(1);
    expect((await peekRateLimit(policy, 'ip-e', now)).count).toBe(1);
    await clearRateLimit(policy, 'ip-e');
    expect((await peekRateLimit(policy, 'ip-e', now)).count).toBe(0);
  });

  it('prunes windows that ended more than a day ago', async () => {
    const old = new Date('2020-01-01T00:00:00Z');
    await hitRateLimit(policy, 'ip-old', old);
    expect(await pruneRateLimits(new Date('2020-01-03T00:00:00Z'))).toBeGreaterThanOrEqual(1);
  });
});
